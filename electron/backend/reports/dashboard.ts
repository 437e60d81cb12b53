import {
  addDays,
  formatInstant,
  instantMs,
  type LocalDate,
  localDateOf,
  MINUTE_MS,
} from '../../../shared/calendar/time';
import type { DossierRow } from '../../../shared/contract/dossier';
import type {
  Dashboard,
  DashboardCounts,
  DashboardDimension,
  DashboardGroupRow,
  DashboardMetric,
  DeadlineAlert,
  DrillRow,
} from '../../../shared/contract/reports';
import { addWorkingTime } from '../../../shared/deadline/engine';
import type { ProjectedState } from '../../../shared/dossier/fold';
import { unpackState } from '../../../shared/dossier/stored';
import { alertKind } from '../../../shared/reports/alerts';
import { lateAnalysis } from '../../../shared/reports/late';
import { fastWorkingTimeBetween } from '../../../shared/reports/worktime';
import type { CalendarStore } from '../calendar/store';
import type { Database } from '../db/sqlite';
import { type DossierStore, listRow, type ProjectionRow } from '../dossier/store';
import { type ReportScope, scopeCondition } from './scope';

/**
 * The supervisor's dashboard as SQL over the dossier projection (DESIGN.md §8: p95 < 100 ms on
 * 1,000,000 dossiers, bench/dashboard.bench.ts). Definitions (dated 2026-11-26):
 * - open: received and not resolved nor closed (national status 2, 4, 5, 6);
 * - overdue: open, clock running (status 2 or 4, not paused), due time in force before now — the
 *   same condition as the dossier list's "late" queue;
 * - due today: clock running, due from now to the end of today; due soon: due from now to now plus
 *   N working hours (by the office calendar);
 * - paused: waiting for the citizen (supplement, status 5) or a financial obligation (status 6);
 * - resolved in the period: result recorded in [from, to] (rule R3 of shared/reports/ii06a.ts); early,
 *   on time or late by the local dates of the result and of the due time in force (R6); without a
 *   deadline it is on time;
 * - office = the unit holding the dossier (or the office when no unit); officer = who received it.
 */
export const DIMENSION_SQL: Record<DashboardDimension, string> = {
  office: "COALESCE(d.holder_unit_id, d.holder_office_id, '')",
  field: "COALESCE(d.field_code, '')",
  procedure: "COALESCE(d.procedure_code, '')",
  officer: "COALESCE(d.received_by, '')",
};

const OPEN = 'd.closed = 0 AND d.status IN (2, 4, 5, 6)';
const RUNNING = 'd.closed = 0 AND d.status IN (2, 4) AND d.paused_since IS NULL';
/** The same terms as the partial index dossier_result_late (migration 6), so that index serves them. */
const LATE =
  'd.result_at IS NOT NULL AND d.due_at IS NOT NULL AND substr(d.result_at, 1, 10) > substr(d.due_at, 1, 10)';
const TIMELINESS = `CASE WHEN d.due_at IS NULL THEN 0 WHEN substr(d.result_at, 1, 10) < substr(d.due_at, 1, 10) THEN -1
  WHEN substr(d.result_at, 1, 10) = substr(d.due_at, 1, 10) THEN 0 ELSE 1 END`;

export interface DashboardParams {
  from: LocalDate;
  to: LocalDate;
  dueWithinHours: number;
}

interface Instants {
  now: string;
  tomorrow: string;
  soon: string;
  fromIso: string;
  endIso: string;
}

const dayStart = (date: LocalDate) => `${date}T00:00:00+07:00`;

export class DashboardQueries {
  constructor(
    private readonly db: Database,
    private readonly store: DossierStore,
    private readonly calendars: CalendarStore,
  ) {}

  instants(params: DashboardParams): Instants {
    const now = this.store.nowMs();
    return {
      now: formatInstant(now),
      tomorrow: dayStart(addDays(localDateOf(now), 1)),
      soon: formatInstant(addWorkingTime(this.calendars.calendar(), now, params.dueWithinHours * 3_600_000)),
      fromIso: dayStart(params.from),
      endIso: dayStart(addDays(params.to, 1)),
    };
  }

  /** The SQL condition of one metric, with its params. */
  metricCondition(metric: DashboardMetric, at: Instants): { sql: string; args: string[] } {
    switch (metric) {
      case 'open':
        return { sql: OPEN, args: [] };
      case 'overdue':
        return { sql: `${RUNNING} AND d.due_at < ?`, args: [at.now] };
      case 'dueToday':
        return { sql: `${RUNNING} AND d.due_at >= ? AND d.due_at < ?`, args: [at.now, at.tomorrow] };
      case 'dueSoon':
        return { sql: `${RUNNING} AND d.due_at >= ? AND d.due_at <= ?`, args: [at.now, at.soon] };
      case 'paused':
        return { sql: 'd.closed = 0 AND d.status IN (5, 6)', args: [] };
      case 'resolved':
        return { sql: 'd.result_at >= ? AND d.result_at < ?', args: [at.fromIso, at.endIso] };
      case 'resolvedLate':
        return { sql: `${LATE} AND d.result_at >= ? AND d.result_at < ?`, args: [at.fromIso, at.endIso] };
    }
  }

  /**
   * Open dossiers of the scope counted per metric, grouped by a dimension (or all together). Read from the
   * partial covering index of the open dossiers (migration 6); named because without statistics SQLite
   * would rather take dossier_status_due and visit every wide projection row.
   */
  counts(scope: ReportScope, at: Instants, dimension?: DashboardDimension): Array<DashboardCounts & { key: string }> {
    const s = scopeCondition(scope);
    const key = dimension ? DIMENSION_SQL[dimension] : "''";
    const sql = `SELECT ${key} AS key, COUNT(*) AS open,
        SUM(d.status IN (2, 4) AND d.paused_since IS NULL AND d.due_at < ?) AS overdue,
        SUM(d.status IN (2, 4) AND d.paused_since IS NULL AND d.due_at >= ? AND d.due_at < ?) AS dueToday,
        SUM(d.status IN (2, 4) AND d.paused_since IS NULL AND d.due_at >= ? AND d.due_at <= ?) AS dueSoon,
        SUM(d.status IN (5, 6)) AS paused
      FROM dossier d INDEXED BY dossier_open_cover WHERE ${OPEN} AND ${s.sql} GROUP BY key ORDER BY overdue DESC, open DESC`;
    return this.db
      .all<DashboardCounts & { key: string }>(sql, at.now, at.now, at.tomorrow, at.now, at.soon, ...s.args)
      .map((r) => ({
        key: r.key,
        open: r.open,
        overdue: r.overdue ?? 0,
        dueToday: r.dueToday ?? 0,
        dueSoon: r.dueSoon ?? 0,
        paused: r.paused ?? 0,
      }));
  }

  onTime(scope: ReportScope, at: Instants): Dashboard['onTime'] {
    const s = scopeCondition(scope);
    const r = this.db.get<{ resolved: number; early: number | null; onTime: number | null; late: number | null }>(
      `SELECT COUNT(*) AS resolved, SUM(t = -1) AS early, SUM(t = 0) AS onTime, SUM(t = 1) AS late
         FROM (SELECT ${TIMELINESS} AS t FROM dossier d WHERE d.result_at >= ? AND d.result_at < ? AND ${s.sql})`,
      at.fromIso,
      at.endIso,
      ...s.args,
    );
    const resolved = r?.resolved ?? 0;
    const early = r?.early ?? 0;
    const onTime = r?.onTime ?? 0;
    return { resolved, early, onTime, late: r?.late ?? 0, rate: resolved ? (early + onTime) / resolved : null };
  }

  /** Received and resolved per week (Monday to Sunday) of the period. */
  weekly(scope: ReportScope, at: Instants): Dashboard['charts']['weekly'] {
    const s = scopeCondition(scope);
    const week = (col: string) => `date(substr(${col}, 1, 10), '-6 days', 'weekday 1')`;
    const received = this.db.all<{ w: string; n: number }>(
      `SELECT ${week('d.received_at')} AS w, COUNT(*) AS n FROM dossier d
        WHERE d.received_at >= ? AND d.received_at < ? AND ${s.sql} GROUP BY w`,
      at.fromIso,
      at.endIso,
      ...s.args,
    );
    const resolved = this.db.all<{ w: string; n: number }>(
      `SELECT ${week('d.result_at')} AS w, COUNT(*) AS n FROM dossier d
        WHERE d.result_at >= ? AND d.result_at < ? AND ${s.sql} GROUP BY w`,
      at.fromIso,
      at.endIso,
      ...s.args,
    );
    const weeks = new Map<string, { week: string; received: number; resolved: number }>();
    const get = (w: string) => {
      let v = weeks.get(w);
      if (!v) {
        v = { week: w, received: 0, resolved: 0 };
        weeks.set(w, v);
      }
      return v;
    };
    for (const r of received) get(r.w).received = r.n;
    for (const r of resolved) get(r.w).resolved = r.n;
    return [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
  }

  /** On-time rate per month over the twelve months ending with the period's last month. */
  monthly(scope: ReportScope, to: LocalDate): Dashboard['charts']['monthly'] {
    const s = scopeCondition(scope);
    const y = Number(to.slice(0, 4));
    const m = Number(to.slice(5, 7));
    const startMonth = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 7);
    const range = [`${startMonth}-01T00:00:00+07:00`, dayStart(addDays(to, 1))];
    const resolved = this.db.all<{ month: string; n: number }>(
      `SELECT substr(d.result_at, 1, 7) AS month, COUNT(*) AS n
         FROM dossier d WHERE d.result_at >= ? AND d.result_at < ? AND ${s.sql} GROUP BY month ORDER BY month`,
      ...range,
      ...s.args,
    );
    const late = new Map(
      this.db
        .all<{ month: string; n: number }>(
          `SELECT substr(d.result_at, 1, 7) AS month, COUNT(*) AS n
             FROM dossier d WHERE ${LATE} AND d.result_at >= ? AND d.result_at < ? AND ${s.sql} GROUP BY month`,
          ...range,
          ...s.args,
        )
        .map((r) => [r.month, r.n]),
    );
    return resolved.map((r) => {
      const inTime = r.n - (late.get(r.month) ?? 0);
      return { month: r.month, resolved: r.n, inTime, rate: r.n ? inTime / r.n : null };
    });
  }

  /** Late by holder: resolved late in the period, and overdue now, per holding unit (top 12). */
  lateByHolder(scope: ReportScope, at: Instants, names: Map<string, string>): Dashboard['charts']['lateByHolder'] {
    const s = scopeCondition(scope);
    const holder = DIMENSION_SQL.office;
    const late = this.db.all<{ key: string; n: number }>(
      `SELECT ${holder} AS key, COUNT(*) AS n FROM dossier d
        WHERE ${LATE} AND d.result_at >= ? AND d.result_at < ? AND ${s.sql} GROUP BY key`,
      at.fromIso,
      at.endIso,
      ...s.args,
    );
    const overdue = this.db.all<{ key: string; n: number }>(
      `SELECT ${holder} AS key, COUNT(*) AS n FROM dossier d WHERE ${RUNNING} AND d.due_at < ? AND ${s.sql} GROUP BY key`,
      at.now,
      ...s.args,
    );
    const map = new Map<string, { key: string; label: string; resolvedLate: number; overdue: number }>();
    const get = (key: string) => {
      let v = map.get(key);
      if (!v) {
        v = { key, label: names.get(key) ?? key, resolvedLate: 0, overdue: 0 };
        map.set(key, v);
      }
      return v;
    };
    for (const r of late) get(r.key).resolvedLate = r.n;
    for (const r of overdue) get(r.key).overdue = r.n;
    return [...map.values()].sort((a, b) => b.resolvedLate + b.overdue - (a.resolvedLate + a.overdue)).slice(0, 12);
  }

  dashboard(scope: ReportScope, params: DashboardParams, labels: Labels): Dashboard {
    const at = this.instants(params);
    const total = this.counts(scope, at)[0];
    const group = (dimension: DashboardDimension): DashboardGroupRow[] =>
      this.counts(scope, at, dimension).map((r) => ({ ...r, label: labels[dimension](r.key) }));
    return {
      at: at.now,
      scope: { officeId: scope.root.id, name: scope.root.name, offices: scope.offices.length },
      local: true,
      period: { from: params.from, to: params.to },
      dueWithinHours: params.dueWithinHours,
      totals: {
        open: total?.open ?? 0,
        overdue: total?.overdue ?? 0,
        dueToday: total?.dueToday ?? 0,
        dueSoon: total?.dueSoon ?? 0,
        paused: total?.paused ?? 0,
      },
      groups: {
        office: group('office'),
        field: group('field'),
        procedure: group('procedure'),
        officer: group('officer'),
      },
      onTime: this.onTime(scope, at),
      charts: {
        weekly: this.weekly(scope, at),
        monthly: this.monthly(scope, params.to),
        lateByHolder: this.lateByHolder(scope, at, labels.officeNames),
      },
    };
  }

  /** The dossiers behind one number: a metric, optionally one group of a dimension. */
  drill(
    scope: ReportScope,
    params: DashboardParams & {
      metric: DashboardMetric;
      dimension?: DashboardDimension;
      key?: string;
      limit: number;
      offset: number;
    },
    officeNames: Map<string, string>,
  ): { total: number; items: DrillRow[] } {
    const at = this.instants(params);
    const m = this.metricCondition(params.metric, at);
    const s = scopeCondition(scope);
    const where = [m.sql, s.sql];
    const args = [...m.args, ...s.args];
    if (params.dimension && params.key !== undefined) {
      where.push(`${DIMENSION_SQL[params.dimension]} = ?`);
      args.push(params.key);
    }
    const sqlWhere = where.join(' AND ');
    const total = this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM dossier d WHERE ${sqlWhere}`, ...args)?.n ?? 0;
    const order = params.metric === 'resolved' || params.metric === 'resolvedLate' ? 'd.result_at DESC' : 'd.due_at';
    const rows = this.db.all<ProjectionRow & { field_code: string | null }>(
      `SELECT d.* FROM dossier d WHERE ${sqlWhere} ORDER BY ${order} LIMIT ${params.limit} OFFSET ${params.offset}`,
      ...args,
    );
    const name = (id: string | null) => (id ? (officeNames.get(id) ?? id) : '');
    const nowMs = this.store.nowMs();
    return {
      total,
      items: rows.map((r) => {
        const state = unpackState(r);
        const row = this.listRow(r, state, nowMs);
        const isLate = row.overdue || state.result?.timeliness === 'late';
        const analysis = isLate ? lateAnalysis(state) : null;
        return {
          ...row,
          fieldCode: r.field_code,
          holderName: name(state.holderUnitId ?? state.holderOfficeId),
          late: analysis
            ? {
                apology: analysis.apology,
                apologyIssuedAt: analysis.apologyIssuedAt,
                lostAt:
                  analysis.lostAt.kind === 'handoff'
                    ? {
                        ...analysis.lostAt,
                        fromOfficeName: name(analysis.lostAt.fromOfficeId),
                        toOfficeName: name(analysis.lostAt.toOfficeId),
                      }
                    : { ...analysis.lostAt, officeName: name(analysis.lostAt.officeId) },
              }
            : null,
        };
      }),
    };
  }

  /**
   * The list row of a dossier. A dossier running past its due time gets its (negative) working time
   * left from the cumulative table (shared/reports/worktime.ts): the store's row walks every date since
   * the due time, milliseconds per row for a dossier late for years. Every other row is the store's.
   */
  private listRow(r: ProjectionRow, state: ProjectedState, now: number): DossierRow {
    const running = r.closed === 0 && (r.status === 2 || r.status === 4) && r.paused_since === null;
    if (
      !running ||
      r.due_at === null ||
      instantMs(r.due_at) >= now ||
      !state.duration ||
      state.duration.unit === 'none'
    ) {
      return this.store.toRow(r, state);
    }
    const late = fastWorkingTimeBetween(this.calendars.calendar(), state.schedule, instantMs(r.due_at), now);
    return listRow(r, { remainingWorkingMinutes: -Math.round(late / MINUTE_MS), overdue: true });
  }

  /** Dossiers entering their last working day, and apologies due (shared/reports/alerts.ts). */
  alerts(scope: ReportScope): { at: string; items: DeadlineAlert[] } {
    const now = this.store.nowMs();
    const horizon = formatInstant(addWorkingTime(this.calendars.calendar(), now, 16 * 3_600_000));
    const s = scopeCondition(scope);
    const rows = this.db.all<ProjectionRow>(
      `SELECT d.* FROM dossier d WHERE ${RUNNING} AND d.due_at >= ? AND d.due_at <= ? AND ${s.sql} ORDER BY d.due_at`,
      formatInstant(now),
      horizon,
      ...s.args,
    );
    const items: DeadlineAlert[] = [];
    for (const r of rows) {
      const state = unpackState(r);
      const row = this.store.toRow(r, state);
      const kind = alertKind({ ...row, hasExtension: state.extension !== null });
      if (kind) items.push({ kind, row });
    }
    return { at: formatInstant(now), items };
  }
}

export interface Labels {
  office: (key: string) => string;
  field: (key: string) => string;
  procedure: (key: string) => string;
  officer: (key: string) => string;
  officeNames: Map<string, string>;
}
