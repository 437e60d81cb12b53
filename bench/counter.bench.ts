/**
 * The counter's own operations on a local database of 1,000,000 dossiers (DESIGN.md §8, issue 4):
 * intake write p95 < 5 ms, search by name / code / ID number p95 < 50 ms, work-queue counts and the late
 * queue p95 < 100 ms, receipt PDF < 300 ms. Every operation goes through the real back end call path
 * (`openBackend(...).call`: session check, zod input and output, handler, SQLite), signed in as an officer
 * of the desk's office (xa-hung-nguyen: 40 % of the generated dossiers, the largest queues).
 *
 *   npx tsx bench/counter.bench.ts [--dossiers 1000000] [--runs 1000] [--warmup 20] [--keep] [--encrypt]
 *
 * The cached database of bench/generate.ts (`.data/bench/dossiers-N.sqlite`) is never written: it is copied
 * to `.data/bench/counter-N/motcua.sqlite` (a data folder for `openBackend`; 45 s for 7.3 GB here), and the
 * intakes are committed for real in that copy (inside a rolled-back outer transaction each intake would
 * join it and never commit, which would hide the cost of the commit). Before timing, the copy is made to look like a
 * desktop's database: the generator's events (written without the audit hook) are linked into the audit
 * chain with the back end's own `chainUnlinkedEvents`, as `openBackend` would do. `--keep` keeps the
 * prepared copy for the next run (which then reuses it); without it the copy is deleted at the end.
 * `--encrypt` encrypts the copy with a key (SQLCipher 4, the real desktop configuration) before timing.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { hashPasswordSync } from '../electron/backend/accounts/passwords';
import { saveAccountSettings, upsertUser } from '../electron/backend/accounts/repository';
import { deriveKey } from '../electron/backend/accounts/secret';
import { chainUnlinkedEvents } from '../electron/backend/audit/chain';
import { databaseFileName, openBackend } from '../electron/backend/backend';
import { getProcedure } from '../electron/backend/catalogue/repository';
import { getMeta, setMeta } from '../electron/backend/db/meta';
import { openDatabase } from '../electron/backend/db/sqlite';
import { setDesk } from '../electron/backend/office/repository';
import { ROLES } from '../shared/accounts/roles';
import { addDays, instantMs } from '../shared/calendar/time';
import type { DossierDetail, DossierRow } from '../shared/contract/dossier';
import type { Result } from '../shared/contract/result';
import { fold } from '../shared/text/fold';
import { prng } from '../test/helpers/random';
import { generate } from './generate';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const argText = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

function machine(): string {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model;
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `nproc ${nproc}, CPU "${model}", Node ${process.version}`;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const dossiers = arg('dossiers', 1_000_000);
const runs = arg('runs', 1000);
const warmup = arg('warmup', 20);
const OFFICE = 'xa-hung-nguyen';
const root = resolve(__dirname, '..');
const cached = join(root, '.data', 'bench', `dossiers-${dossiers}.sqlite`);
const dataDir = join(root, '.data', 'bench', `counter-${dossiers}`);
const work = join(dataDir, databaseFileName);
/** `--only intake,search,queues,receipt` runs some of the measures (profiling one of them). */
const phases = new Set((argText('only') ?? 'intake,search,queues,receipt').split(','));
const secret = flag('encrypt') ? Buffer.alloc(32, 7) : undefined;
/** With --encrypt the first open with the key encrypts the plain copy in place (SQLCipher 4). */
const dbKey = secret ? deriveKey(secret, 'database') : undefined;

say(`counter bench — ${machine()}; ${new Date().toISOString()}; load average ${load()}`);
say(`command: npx tsx bench/counter.bench.ts ${process.argv.slice(2).join(' ')}`);

function getMetaOf(file: string, key: string): string | undefined {
  const db = openDatabase(file, { key: dbKey });
  try {
    return getMeta(db, key);
  } finally {
    db.close();
  }
}

/**
 * Links every generated event into its office's audit chain with the back end's own chainUnlinkedEvents
 * (what openBackend does on a never-chained database), then marks the copy prepared.
 */
function linkAuditChain(file: string): number {
  const db = openDatabase(file, { key: dbKey });
  db.exec('PRAGMA synchronous = OFF');
  const linked = chainUnlinkedEvents(db);
  setMeta(db, 'bench.counterPrepared', 'yes');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  return linked;
}

async function main(): Promise<void> {
  // 1. The cached database (generated once), then a copy of it as a desktop's data folder.
  if (!existsSync(work) || getMetaOf(work, 'bench.counterPrepared') !== 'yes') {
    if (!existsSync(cached)) {
      generate({ file: cached, dossiers, now: Date.parse('2026-11-26T02:00:00Z'), log: say }).close();
    }
    mkdirSync(dataDir, { recursive: true });
    for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
    let t = Date.now();
    copyFileSync(cached, work);
    say(`copied ${cached} → ${work} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    t = Date.now();
    const linked = linkAuditChain(work);
    say(`linked ${linked} generated events into the audit chain in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }

  // 2. The real back end on that folder, the desk at the largest commune, an officer signed in.
  // Intakes happen the working day after the generated history (its codes end on 26/11/2026).
  // A kept copy is measured again on the next day (each day's numbers are 0001–5999).
  const previousRuns = Number(getMetaOf(work, 'bench.counterRuns') ?? 0);
  let now = instantMs(`${addDays('2026-11-27', previousRuns)}T08:00:00+07:00`);
  const opened = Date.now();
  const backend = openBackend({
    dataDir,
    assetsDir: join(root, 'assets'),
    version: 'bench',
    log: pino({ level: 'silent' }),
    now: () => now,
    secret,
    sync: { autoStart: false },
  });
  say(`back end opened in ${((Date.now() - opened) / 1000).toFixed(1)} s (schema ${backend.db.schemaVersion()})`);
  const db = backend.db;
  setMeta(db, 'bench.counterRuns', String(previousRuns + 1));
  setDesk(db, { officeId: OFFICE, counterId: null, officerName: 'Cán bộ một cửa', place: 'Hưng Nguyên' });
  const user = upsertUser(
    db,
    {
      username: `bench-${Date.now()}`,
      displayName: 'Cán bộ đo hiệu năng',
      roles: ROLES,
      officeId: OFFICE,
      active: true,
      passwordHash: hashPasswordSync('mat-khau-do-hieu-nang'),
    },
    new Date().toISOString(),
  );
  saveAccountSettings(db, { ...backend.accounts.settings(), idleLockSeconds: 24 * 3600 });
  const ctx = { language: 'vi' as const, session: backend.accounts.openSessionFor(user.id) };

  async function call<T>(name: string, input: unknown): Promise<T> {
    const result = (await backend.call(name, input, ctx)) as Result<T>;
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  const counts = db.get<{ n: number; here: number; events: number }>(
    `SELECT COUNT(*) AS n, SUM(holder_office_id = ? OR receiving_office_id = ?) AS here,
          (SELECT COUNT(*) FROM event) AS events FROM dossier`,
    OFFICE,
    OFFICE,
  );
  say(`${counts?.n} dossiers (${counts?.here} at ${OFFICE}), ${counts?.events} events`);

  interface Measure {
    name: string;
    budget: number;
    times: number[];
    loads: string[];
    note?: string;
  }
  const results: Measure[] = [];

  async function measure(name: string, budget: number, op: (i: number) => Promise<unknown>, n = runs, note?: string) {
    for (let i = 0; i < warmup; i++) await op(-1 - i);
    const times: number[] = [];
    const loads = [load()];
    for (let i = 0; i < n; i++) {
      const s = process.hrtime.bigint();
      await op(i);
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    loads.push(load());
    times.sort((a, b) => a - b);
    const m: Measure = { name, budget, times, loads, note };
    results.push(m);
    say(
      `${name}: n ${n}, p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${times.at(-1)?.toFixed(1)} ms (budget p95 < ${budget} ms; load ${loads.join(' → ')})`,
    );
  }

  // 3. Intakes: realistic applicants, procedures of the catalogue with their checklists.
  const r = prng(4);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)] as T;
  const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
  const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Đức', 'Thu', 'Minh', 'Hồng', 'Quốc', 'Bích'];
  const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hạnh', 'Hương', 'Khánh', 'Lan', 'Linh', 'Nam', 'Thảo', 'Yến'];
  const procedures = db
    .all<{ code: string }>('SELECT code FROM procedure ORDER BY code')
    .map((p) => getProcedure(db, p.code))
    .filter((p) => p !== undefined);
  const intake = () => {
    const procedure = pick(procedures);
    const female = r() < 0.5;
    return {
      procedureCode: procedure.code,
      channel: r() < 0.8 ? 1 : 2,
      applicant: {
        fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
        idNumber: `040${female ? '1' : '0'}${String(Math.floor(r() * 100)).padStart(2, '0')}${String(Math.floor(r() * 1e6)).padStart(6, '0')}`,
        phone: `09${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
        address: `Xóm ${1 + Math.floor(r() * 15)}, xã Hưng Nguyên, tỉnh Nghệ An`,
      },
      components: procedure.components.slice(0, 8).map((c) => ({
        name: c.name,
        ...(c.code ? { code: c.code } : {}),
        copies: { original: c.copies.original, certified: c.copies.certified, photocopy: c.copies.photocopy },
      })),
    };
  };
  const received: string[] = [];
  if (phases.has('intake'))
    await measure(
      'intake write (`dossier.receive`: event + projection + outbox + FTS + audit link, committed)',
      5,
      async (i) => {
        now += 20_000;
        const detail = await call<DossierDetail>('dossier.receive', intake());
        if (i >= 0) received.push(detail.row.id);
      },
    );
  const firstCode = db.get<{ code: string }>(
    `SELECT code FROM dossier WHERE received_at >= '2026-11-27' ORDER BY code LIMIT 1`,
  )?.code;
  say(
    `intakes stored with codes from ${firstCode}; outbox rows ${db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox')?.n}`,
  );

  if (!received.length) {
    received.push(
      ...db
        .all<{ id: string }>(`SELECT id FROM dossier WHERE received_at >= '2026-11-27' ORDER BY rowid DESC LIMIT 100`)
        .map((x) => x.id),
    );
  }

  // 4. Searches: targets drawn from the office's dossiers (spread over the ten years).
  // Random rows by rowid (an index lookup each, not a scan of the 7 GB table), kept if the office's.
  const maxRowid = db.get<{ n: number }>('SELECT MAX(rowid) AS n FROM dossier')?.n ?? 0;
  const sample: Array<{ code: string; applicant_name: string; applicant_id_number: string }> = [];
  while (sample.length < runs + warmup) {
    const row = db.get<{ code: string; applicant_name: string; applicant_id_number: string; office: string }>(
      'SELECT code, applicant_name, applicant_id_number, receiving_office_id AS office FROM dossier WHERE rowid = ?',
      1 + Math.floor(r() * maxRowid),
    );
    if (row?.office === OFFICE && row.code) sample.push(row);
  }
  const target = (i: number) => sample[(i + warmup + sample.length) % sample.length] as (typeof sample)[number];
  const hits = { name: 0, code: 0, id: 0 };
  if (phases.has('search')) {
    await measure('search by folded name (full name, e.g. "nguyen van an")', 50, async (i) => {
      const found = await call<{ total: number; items: DossierRow[] }>('dossier.list', {
        query: fold(target(i).applicant_name).toLowerCase(),
      });
      if (found.total > 0) hits.name++;
    });
    await measure('search by dossier code', 50, async (i) => {
      const found = await call<{ total: number }>('dossier.list', { query: target(i).code });
      if (found.total === 1) hits.code++;
    });
    await measure('search by ID number (12 digits)', 50, async (i) => {
      const found = await call<{ total: number }>('dossier.list', { query: target(i).applicant_id_number });
      if (found.total > 0) hits.id++;
    });
    say(`search hits: ${JSON.stringify(hits)} (warm-up included)`);
  }

  // 5. Work queues and the late queue's first page.
  let queues: Record<string, number> = {};
  if (phases.has('queues')) {
    await measure('work-queue counts (`dossier.queues`, 9 queues)', 100, async () => {
      queues = await call<Record<string, number>>('dossier.queues', {});
    });
    say(`queues: ${JSON.stringify(queues)}`);
    await measure("late queue, first page of 50 (`dossier.list {queue:'late'}`)", 100, async () => {
      await call('dossier.list', { queue: 'late', limit: 50 });
    });
    await measure("the default list, first page of 50 (`dossier.list {queue:'all'}`)", 100, async () => {
      await call('dossier.list', { queue: 'all', limit: 50 });
    });
  }

  // 6. Receipt (form 01) of the dossiers just received, after the renderer's warm-up.
  if (phases.has('receipt'))
    await measure(
      'receipt PDF (`forms.render` form 01, two copies)',
      300,
      async (i) => {
        await call('forms.render', {
          form: '01',
          subject: { dossierId: received[(i + received.length) % received.length] },
        });
      },
      runs,
    );

  say('\n| operation | runs | p50 | p95 | max | budget (p95) | load average (start → end) |');
  say('|---|---|---|---|---|---|---|');
  for (const m of results) {
    say(
      `| ${m.name} | ${m.times.length} | ${percentile(m.times, 50).toFixed(1)} ms | ${percentile(m.times, 95).toFixed(1)} ms | ${m.times.at(-1)?.toFixed(1)} ms | < ${m.budget} ms ${percentile(m.times, 95) < m.budget ? 'met' : '**missed**'} | ${m.loads.join(' → ')} |`,
    );
  }
  backend.close();
  if (!flag('keep')) {
    for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
    say(`removed the work copy ${work}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
