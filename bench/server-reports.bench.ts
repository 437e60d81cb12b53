/**
 * Province-wide reports on the central server (issue 7 §4): N dossiers (default 20,000, ~5 events
 * each) of 20 communes pushed through the real protocol (POST /sync/v1/push, 1000 events a batch),
 * then GET /sync/v1/reports/ii06a and /indicators766 for the province and for one commune over a
 * quarter, and the cost of folding every dossier from the event log (what a report would cost without
 * the projection; also the one-off start-up catch-up after migration 4).
 *
 *   npx tsx bench/server-reports.bench.ts [--dossiers 20000] [--runs 10] [--pg postgres://…/db]
 * Without --pg: PGlite in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { buildServer } from '../server/app';
import { openServerDatabase } from '../server/db/database';
import { issueEnrolmentCode } from '../server/enrolment/devices';
import { addOffice, addScope } from '../server/office/offices';
import { catchUpReportProjection } from '../server/reports/projection';
import { currentCalendar } from '../server/sync/push';
import { DEFAULT_WORK_SCHEDULE } from '../shared/calendar/schema';
import { addDays, instantMs } from '../shared/calendar/time';
import type { DossierState } from '../shared/dossier/fold';
import { encodeHlc } from '../shared/hlc/hlc';
import { computeIi06a } from '../shared/reports/ii06a';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const DOSSIERS = Number(arg('dossiers', '20000'));
const RUNS = Number(arg('runs', '10'));
const PG = arg('pg', '');
const COMMUNES = 20;
const FIELDS = ['HT', 'CTH', 'DD', 'HKD', 'XD'];

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-report-bench-'));
  const db = await openServerDatabase(PG ? { databaseUrl: PG } : { dataDir: join(dir, 'pglite') });
  const app = await buildServer({
    db,
    log: pino({ level: 'silent' }),
    version: 'bench',
    attachmentsDir: join(dir, 'a'),
  });
  await addOffice(db, { id: 'tinh', agencyId: '000.00.00.H40', name: 'Tỉnh', level: 'province' });
  const devices: Array<{ officeId: string; deviceId: string; auth: string; agency: string }> = [];
  for (let c = 0; c < COMMUNES; c++) {
    const id = `xa-${c}`;
    const agency = `000.${String(c + 10).padStart(2, '0')}.31.H40`;
    await addOffice(db, { id, agencyId: agency, name: `UBND xã ${c}`, level: 'commune', parentId: 'tinh' });
    const { code } = await issueEnrolmentCode(db, id);
    const res = await app.inject({ method: 'POST', url: '/sync/v1/enrol', payload: { code, deviceName: id } });
    const v = res.json().value;
    devices.push({ officeId: id, deviceId: v.deviceId, auth: `Bearer ${v.token}`, agency });
  }
  await addScope(db, 'tinh', 'tinh', true);
  const { code } = await issueEnrolmentCode(db, 'tinh');
  const province = (
    await app.inject({ method: 'POST', url: '/sync/v1/enrol', payload: { code, deviceName: 'tinh' } })
  ).json().value;

  // Dossiers received over 2026 (Jan–Jun), most resolved 2–12 days later, some paused, some transferred.
  const queues = new Map<string, Record<string, unknown>[]>(devices.map((d) => [d.officeId, []]));
  let tick = 0;
  let events = 0;
  const ev = (dev: (typeof devices)[number], dossierId: string, type: string, wall: string, payload: unknown) => {
    tick++;
    events++;
    queues.get(dev.officeId)?.push({
      id: uuidv7(),
      dossierId,
      type,
      payload,
      actor: { userId: 'u', officeId: dev.officeId },
      deviceId: dev.deviceId,
      hlc: encodeHlc({ ms: instantMs(`${wall}:00+07:00`), counter: tick % 1000, node: dev.deviceId }),
      wallTime: `${wall}:00+07:00`,
    });
  };
  const workday = (d: string) => {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    return dow === 0 ? addDays(d, 1) : dow === 6 ? addDays(d, 2) : d;
  };
  for (let i = 0; i < DOSSIERS; i++) {
    const dev = devices[Math.floor(random() * devices.length)] as (typeof devices)[number];
    const dossierId = uuidv7();
    const day = workday(addDays('2026-01-05', Math.floor(random() * 175)));
    ev(dev, dossierId, 'received', `${day}T08:${String(10 + (i % 40)).padStart(2, '0')}`, {
      code: `${dev.agency}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String((i % 9000) + 1).padStart(4, '0')}`,
      procedure: {
        code: '1.004873',
        name: 'Thủ tục',
        fieldCode: FIELDS[i % FIELDS.length],
        duration: { unit: 'working-days', value: 3 + (i % 8) },
      },
      channel: random() < 0.3 ? 2 : 1,
      applicantType: 1,
      applicant: { fullName: `Nguyễn Văn ${i}`, idNumber: '001199012345' },
      components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
      schedule: DEFAULT_WORK_SCHEDULE,
    });
    let holder = dev;
    if (random() < 0.2) {
      ev(dev, dossierId, 'supplement-requested', `${addDays(day, 1)}T09:00`, { items: ['Bản sao'], reason: 'Thiếu' });
      ev(dev, dossierId, 'supplement-received', `${addDays(day, 3)}T09:00`, {});
    }
    if (random() < 0.15) {
      const to = devices[(devices.indexOf(dev) + 1) % devices.length] as (typeof devices)[number];
      ev(dev, dossierId, 'transferred', `${addDays(day, 4)}T09:00`, { toOfficeId: to.officeId, mode: 'electronic' });
      holder = to;
    }
    if (random() < 0.85) {
      const done = addDays(day, 5 + Math.floor(random() * 10));
      ev(holder, dossierId, 'result-recorded', `${done}T10:00`, { summary: 'Kết quả' });
      if (holder === dev) {
        ev(dev, dossierId, 'returned', `${done}T15:00`, {
          collectedBy: { fullName: 'Người nhận', relation: 'applicant' },
          method: 'counter',
        });
      }
    }
  }

  // Push: each device its own events, in order, 1000 a batch (a transfer target's events wait for the
  // sender's: push the senders' queues round-robin until all is accepted).
  const t0 = performance.now();
  const pending = new Map([...queues].map(([k, v]) => [k, [...v]]));
  let accepted = 0;
  for (let round = 0; round < 100 && [...pending.values()].some((q) => q.length); round++) {
    for (const dev of devices) {
      const queue = pending.get(dev.officeId) ?? [];
      const retry: Record<string, unknown>[] = [];
      while (queue.length) {
        const batch = queue.splice(0, 1000);
        const res = await app.inject({
          method: 'POST',
          url: '/sync/v1/push',
          headers: { authorization: dev.auth },
          payload: { events: batch },
        });
        const acks = res.json().value.acks as Array<{ status: string }>;
        acks.forEach((a, k) => {
          if (a.status === 'accepted' || a.status === 'duplicate') accepted++;
          else retry.push(batch[k] as Record<string, unknown>);
        });
      }
      pending.set(dev.officeId, retry);
    }
  }
  const pushMs = performance.now() - t0;
  console.log(`pushed ${accepted}/${events} events of ${DOSSIERS} dossiers in ${(pushMs / 1000).toFixed(1)} s`);

  const report = async (path: string, auth: string) => {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url: `/sync/v1/reports/${path}`, headers: { authorization: auth } });
    const ms = performance.now() - t;
    if (res.statusCode !== 200) throw new Error(res.body);
    return { ms, bytes: res.rawPayload.length, value: res.json().value };
  };
  const q = 'from=2026-04-01&to=2026-06-30';
  const cases = [
    ['II.06a, province, Q2 2026', `ii06a?${q}`, `Bearer ${province.token}`],
    ['766 indicators, province, Q2 2026', `indicators766?${q}`, `Bearer ${province.token}`],
    ['II.06a, one commune, Q2 2026', `ii06a?${q}`, devices[0]?.auth ?? ''],
    ['II.06a, province, whole half-year', 'ii06a?from=2026-01-01&to=2026-06-30', `Bearer ${province.token}`],
  ] as const;
  for (const [label, path, auth] of cases) {
    await report(path, auth);
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof report>> | null = null;
    for (let r = 0; r < RUNS; r++) {
      last = await report(path, auth);
      times.push(last.ms);
    }
    console.log(
      `${label}: median ${median(times).toFixed(0)} ms, p95 ${p95(times).toFixed(0)} ms, ${last?.value.dossiers} states read, ` +
        `${last?.bytes} bytes, received ${last?.value.totals?.receivedTotal ?? '-'}`,
    );
  }

  // Where the time of the province-wide Q2 report goes: reading the states, then the rules.
  {
    const reads: number[] = [];
    const rules: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      const rows = await db.query<{ state: DossierState }>(
        `SELECT state FROM report_dossiers WHERE received_at < '2026-06-30T17:00:00Z'
            AND (closure_at IS NULL OR closure_at >= '2026-03-31T17:00:00Z')`,
      );
      reads.push(performance.now() - t);
      t = performance.now();
      computeIi06a(
        rows.map((x) => x.state),
        { calendar: await currentCalendar(db) },
        { from: '2026-04-01', to: '2026-06-30' },
      );
      rules.push(performance.now() - t);
      if (r === 0) {
        const bytes = rows.reduce((n, x) => n + JSON.stringify(x.state).length, 0) / Math.max(1, rows.length);
        console.log(`  ${rows.length} states, ${bytes.toFixed(0)} bytes of JSON each`);
      }
    }
    console.log(`  read states: median ${median(reads).toFixed(0)} ms; rules: median ${median(rules).toFixed(0)} ms`);
  }

  // Without the projection: fold every dossier from the log (the start-up catch-up after migration 4).
  await db.query('DELETE FROM report_dossiers');
  const t1 = performance.now();
  const folded = await catchUpReportProjection(db, { calendar: await currentCalendar(db) });
  console.log(
    `fold of every dossier from the event log: ${folded} dossiers in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
  console.log(`database: ${db.kind}; node ${process.version}`);
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
