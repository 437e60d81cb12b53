import { addDays, formatInstant, type LocalDate, startOfLocalDay } from '../../../shared/calendar/time';
import type { Ii06aView, ReportSource } from '../../../shared/contract/reports';
import type { FoldContext, ProjectedState } from '../../../shared/dossier/fold';
import { type StoredStateRow, storedStateSelect, unpackState } from '../../../shared/dossier/stored';
import { computeIi06a, sortIi06aRows } from '../../../shared/reports/ii06a';
import { computeIndicators766, type Indicator } from '../../../shared/reports/indicators';
import type { RemoteIi06a } from '../../../shared/reports/remote';
import type { Database } from '../db/sqlite';
import { type ReportScope, scopeCondition } from './scope';

/** What reading a dossier's state back needs of its row. */
const STATE_COLUMNS = storedStateSelect('d');

/**
 * The dossier states a report over [from, to] needs: received by the end of the period and without a
 * result recorded before it. A dossier closed without a result (withdrawn, stopped, refused) whose last
 * event's HLC is before the period is left out early: an HLC is never behind its event's wall time, so
 * its closure was before the period too. The pure rules decide everything else. The rules themselves live in shared/reports/ii06a.ts, so the server reuses them.
 */
export function* statesForPeriod(
  db: Database,
  scope: ReportScope,
  from: LocalDate,
  to: LocalDate,
): Generator<ProjectedState> {
  const s = scopeCondition(scope);
  const rows = db.all<StoredStateRow>(
    `SELECT ${STATE_COLUMNS} FROM dossier d
      WHERE (d.result_at >= ? OR d.result_at IS NULL) AND d.received_at < ?
        AND NOT (d.result_at IS NULL AND d.closed = 1 AND substr(d.last_hlc, 1, 15) < ?) AND ${s.sql}`,
    `${from}T00:00:00+07:00`,
    `${addDays(to, 1)}T00:00:00+07:00`,
    String(startOfLocalDay(from)).padStart(15, '0'),
    ...s.args,
  );
  for (const r of rows) yield unpackState(r);
}

/** Field codes in catalogue order, and their names. */
export function fieldNames(db: Database): Map<string, string> {
  return new Map(
    db
      .all<{ code: string; name: string }>('SELECT code, name FROM catalogue_field ORDER BY rowid')
      .map((r) => [r.code, r.name]),
  );
}

export function ii06aReport(
  db: Database,
  ctx: FoldContext,
  scope: ReportScope,
  period: { from: LocalDate; to: LocalDate },
  now: number,
  unknownField: string,
  /** Why the figures are this desktop's own (the central server was not used). */
  reason: Extract<ReportSource, { kind: 'local' }>['reason'] = 'not-enrolled',
  detail?: string,
): Ii06aView {
  const names = fieldNames(db);
  const report = computeIi06a(statesForPeriod(db, scope, period.from, period.to), ctx, period, [...names.keys()]);
  const generatedAt = formatInstant(now);
  return {
    from: period.from,
    to: period.to,
    office: { id: scope.root.id, name: scope.root.name, agencyId: scope.root.agencyId },
    local: true,
    source: { kind: 'local', at: generatedAt, reason, ...(detail ? { detail: detail.slice(0, 500) } : {}) },
    generatedAt,
    rows: report.rows.map((r) => ({
      ...r,
      fieldName: r.fieldCode ? (names.get(r.fieldCode) ?? r.fieldCode) : unknownField,
    })),
    totals: report.totals,
  };
}

/**
 * The central server's province-wide II.06a as this desktop shows it: fields named and ordered by the
 * local catalogue (the server's name, then the code, for a field this desktop does not know).
 */
export function ii06aFromServer(
  db: Database,
  remote: RemoteIi06a,
  pendingLocal: number,
  now: number,
  unknownField: string,
): Ii06aView {
  const names = fieldNames(db);
  const computed = Date.parse(remote.computedAt);
  const rows = sortIi06aRows(remote.rows, [...names.keys()]).map((r) => ({
    ...r,
    fieldName: r.fieldCode ? (names.get(r.fieldCode) ?? r.fieldName ?? r.fieldCode) : unknownField,
  }));
  return {
    from: remote.from,
    to: remote.to,
    office: remote.office,
    local: false,
    source: { kind: 'server', at: formatInstant(Number.isFinite(computed) ? computed : now), pendingLocal },
    generatedAt: formatInstant(now),
    rows,
    totals: remote.totals,
  };
}

/** Ratings recorded in the period may belong to dossiers resolved before it: those are read too. */
export function indicators766(
  db: Database,
  ctx: FoldContext,
  scope: ReportScope,
  period: { from: LocalDate; to: LocalDate },
): Indicator[] {
  const s = scopeCondition(scope);
  const rated = db.all<StoredStateRow>(
    `SELECT ${STATE_COLUMNS} FROM dossier d
      WHERE d.status = 10 AND d.result_at < ? AND d.returned_at >= ? AND ${s.sql}`,
    `${period.from}T00:00:00+07:00`,
    `${period.from}T00:00:00+07:00`,
    ...s.args,
  );
  const states = [...statesForPeriod(db, scope, period.from, period.to), ...rated.map(unpackState)];
  return computeIndicators766(states, ctx, period);
}
