import { addDays, formatInstant, type LocalDate, startOfLocalDay } from '../../../shared/calendar/time';
import type { Ii06aView } from '../../../shared/contract/reports';
import type { DossierState, FoldContext } from '../../../shared/dossier/fold';
import { computeIi06a } from '../../../shared/reports/ii06a';
import { computeIndicators766, type Indicator } from '../../../shared/reports/indicators';
import type { Database } from '../db/sqlite';
import { type ReportScope, scopeCondition } from './scope';

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
): Generator<DossierState> {
  const s = scopeCondition(scope);
  const rows = db.all<{ state: string }>(
    `SELECT d.state FROM dossier d
      WHERE (d.result_at >= ? OR d.result_at IS NULL) AND d.received_at < ?
        AND NOT (d.result_at IS NULL AND d.closed = 1 AND substr(d.last_hlc, 1, 15) < ?) AND ${s.sql}`,
    `${from}T00:00:00+07:00`,
    `${addDays(to, 1)}T00:00:00+07:00`,
    String(startOfLocalDay(from)).padStart(15, '0'),
    ...s.args,
  );
  for (const r of rows) yield JSON.parse(r.state) as DossierState;
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
): Ii06aView {
  const names = fieldNames(db);
  const report = computeIi06a(statesForPeriod(db, scope, period.from, period.to), ctx, period, [...names.keys()]);
  return {
    from: period.from,
    to: period.to,
    office: { id: scope.root.id, name: scope.root.name, agencyId: scope.root.agencyId },
    local: true,
    generatedAt: formatInstant(now),
    rows: report.rows.map((r) => ({
      ...r,
      fieldName: r.fieldCode ? (names.get(r.fieldCode) ?? r.fieldCode) : unknownField,
    })),
    totals: report.totals,
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
  const rated = db.all<{ state: string }>(
    `SELECT d.state FROM dossier d
      WHERE d.status = 10 AND d.result_at < ? AND d.returned_at >= ? AND ${s.sql}`,
    `${period.from}T00:00:00+07:00`,
    `${period.from}T00:00:00+07:00`,
    ...s.args,
  );
  const states = [
    ...statesForPeriod(db, scope, period.from, period.to),
    ...rated.map((r) => JSON.parse(r.state) as DossierState),
  ];
  return computeIndicators766(states, ctx, period);
}
