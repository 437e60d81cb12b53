/**
 * Supervisor dashboard queries on a local database of 1,000,000 dossiers (DESIGN.md §8: every
 * dashboard query p95 < 100 ms). The database comes from bench/generate.ts (cached under .data/bench/).
 *
 *   npx tsx bench/dashboard.bench.ts [--dossiers 1000000] [--runs 50] [--warmup 5]
 *
 * Each query of the dashboard (electron/backend/reports/dashboard.ts) is timed on its own, for two scopes:
 * the whole province (every office: no scope filter) and one commune's subtree (filtered), with "now" at
 * the end of the generated history and the default period (the last three months).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { CalendarStore } from '../electron/backend/calendar/store';
import { getMeta } from '../electron/backend/db/meta';
import { DossierStore } from '../electron/backend/dossier/store';
import { setDesk } from '../electron/backend/office/repository';
import { DashboardQueries, type Labels } from '../electron/backend/reports/dashboard';
import { resolveScope } from '../electron/backend/reports/scope';
import { instantMs } from '../shared/calendar/time';
import { defaultPeriod } from '../shared/reports/period';
import { generate } from './generate';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

function machine(): string {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model;
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `${nproc} × ${model}, Node ${process.version}`;
}

const dossiers = arg('dossiers', 1_000_000);
const runs = arg('runs', 50);
const warmup = arg('warmup', 5);
const root = resolve(__dirname, '..');
const file = join(root, '.data', 'bench', `dossiers-${dossiers}.sqlite`);
const t0 = Date.now();
const db = generate({
  file,
  dossiers,
  now: Date.parse('2026-11-26T02:00:00Z'),
  log: (l) => process.stdout.write(`${l}\n`),
});
process.stdout.write(`database ready in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${file}\n`);
const now = instantMs(getMeta(db, 'bench.now') ?? '2026-11-26T09:00:00+07:00');
const calendars = new CalendarStore(db);
const store = new DossierStore(db, calendars, () => now);
const queries = new DashboardQueries(db, store, calendars);
const counts = db.get<{ n: number; open: number; events: number }>(
  `SELECT COUNT(*) AS n, SUM(closed = 0 AND status IN (2, 4, 5, 6)) AS open, (SELECT COUNT(*) FROM event) AS events FROM dossier`,
);
process.stdout.write(`${counts?.n} dossiers (${counts?.open} open), ${counts?.events} events; ${machine()}\n`);

const names = new Map(db.all<{ id: string; name: string }>('SELECT id, name FROM office').map((r) => [r.id, r.name]));
const labels: Labels = {
  office: (k) => k,
  field: (k) => k,
  procedure: (k) => k,
  officer: (k) => k,
  officeNames: names,
};
const params = { ...defaultPeriod(now), dueWithinHours: 8 };

const rows: string[] = [];
for (const officeId of ['tinh', 'xa-hung-nguyen']) {
  setDesk(db, { officeId, counterId: null, officerName: 'bench', place: 'bench' });
  const scope = resolveScope(db);
  const at = queries.instants(params);
  const cases: Array<[string, () => unknown]> = [
    ['totals (overdue, due today, due soon, paused, open)', () => queries.counts(scope, at)],
    ['by office/unit', () => queries.counts(scope, at, 'office')],
    ['by field', () => queries.counts(scope, at, 'field')],
    ['by procedure', () => queries.counts(scope, at, 'procedure')],
    ['by officer', () => queries.counts(scope, at, 'officer')],
    ['on-time rate (period)', () => queries.onTime(scope, at)],
    ['received vs resolved per week', () => queries.weekly(scope, at)],
    ['on-time rate per month (12)', () => queries.monthly(scope, params.to)],
    ['late by holder', () => queries.lateByHolder(scope, at, names)],
    [
      'drill: overdue, first page (50)',
      () => queries.drill(scope, { ...params, metric: 'overdue', limit: 50, offset: 0 }, names),
    ],
    [
      'drill: resolved late, first page (50)',
      () => queries.drill(scope, { ...params, metric: 'resolvedLate', limit: 50, offset: 0 }, names),
    ],
    ['alerts', () => queries.alerts(scope)],
    ['whole dashboard (all of the above but drill/alerts)', () => queries.dashboard(scope, params, labels)],
  ];
  for (const [name, fn] of cases) {
    for (let i = 0; i < warmup; i++) fn();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      fn();
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    times.sort((a, b) => a - b);
    const line = `| ${officeId} | ${name} | ${percentile(times, 50).toFixed(1)} ms | ${percentile(times, 95).toFixed(1)} ms | ${times[times.length - 1]?.toFixed(1)} ms |`;
    rows.push(line);
    process.stdout.write(`${line}\n`);
  }
}
process.stdout.write(`\n| scope | query | median | p95 | max |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
db.close();
