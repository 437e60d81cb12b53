/**
 * Province-wide reports (shared/reports/remote.ts documents the route): form II.06a and the Decision
 * 766 indicators over the reports projection, with the same pure rules the desktop runs on its local
 * data (shared/reports/ii06a.ts, shared/reports/indicators.ts) and the calendar in force on the server.
 */

import { addDays, type LocalDate, startOfLocalDay } from '../../shared/calendar/time';
import { catalogueFileSchema } from '../../shared/catalogue/procedure';
import type { FoldContext, ProjectedState } from '../../shared/dossier/fold';
import { computeIi06a } from '../../shared/reports/ii06a';
import { computeIndicators766 } from '../../shared/reports/indicators';
import type { RemoteIi06a, RemoteIndicators, RemoteReportQuery } from '../../shared/reports/remote';
import type { OfficeSummary } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';
import type { Device } from '../enrolment/devices';
import { ServerFailure } from '../http/errors';
import { getOffice, visibleOffices } from '../office/offices';
import { latestReference } from '../reference/reference';
import { currentCalendar } from '../sync/push';

export interface ReportScope {
  root: OfficeSummary;
  /** The offices of the root's subtree that the device's office may see (root included). */
  officeIds: string[];
}

/**
 * The offices a report for `officeId` (default: the device's office) covers: its subtree, limited to
 * what the device's office may see. An office outside that scope is refused (403), before anything
 * is read about it.
 */
export async function reportScope(db: Queryable, device: Device, officeId?: string): Promise<ReportScope> {
  const rootId = officeId ?? device.officeId;
  const visible = new Set(await visibleOffices(db, device.officeId));
  if (!visible.has(rootId)) throw new ServerFailure('REPORT_SCOPE_FORBIDDEN', 403, { officeId: rootId });
  const root = await getOffice(db, rootId);
  const subtree = await db.query<{ id: string }>(
    `WITH RECURSIVE tree(id) AS (
       SELECT id FROM offices WHERE id = $1
       UNION SELECT o.id FROM offices o JOIN tree t ON o.parent_id = t.id
     ) SELECT id FROM tree`,
    [rootId],
  );
  return { root, officeIds: subtree.map((r) => r.id).filter((id) => visible.has(id)) };
}

function checkPeriod(query: RemoteReportQuery): { from: LocalDate; to: LocalDate } {
  if (query.from > query.to) throw new ServerFailure('REPORT_PERIOD_INVALID', 400, { from: query.from, to: query.to });
  return { from: query.from, to: query.to };
}

/**
 * The states the rules need for [from, to] in the scope: received before the end of the period and
 * not closed (result or end without result) before its start — the rules would not count the others
 * (R1, R5) — and, for the indicators, those rated during the period.
 */
async function statesFor(
  db: Queryable,
  scope: ReportScope,
  period: { from: LocalDate; to: LocalDate },
  withRatings: boolean,
): Promise<ProjectedState[]> {
  const start = new Date(startOfLocalDay(period.from)).toISOString();
  const end = new Date(startOfLocalDay(addDays(period.to, 1))).toISOString();
  const rated = withRatings ? 'OR (satisfaction_at >= $2 AND satisfaction_at < $3)' : '';
  const rows = await db.query<{ state: ProjectedState | string }>(
    `SELECT state FROM report_dossiers
      WHERE (receiving_office_id = ANY($1) OR holder_office_id = ANY($1))
        AND ((received_at < $3 AND (closure_at IS NULL OR closure_at >= $2)) ${rated})`,
    [scope.officeIds, start, end],
  );
  return rows.map((r) => (typeof r.state === 'string' ? (JSON.parse(r.state) as ProjectedState) : r.state));
}

let fieldsCache: { version: number; fields: Map<string, string> } | null = null;
/** The fields of the catalogue in force, in its order, with their names (empty without a catalogue). */
async function catalogueFields(db: Queryable): Promise<Map<string, string>> {
  const latest = await latestReference(db, 'catalogue');
  const version = latest?.version ?? 0;
  if (fieldsCache?.version !== version) {
    const parsed = latest ? catalogueFileSchema.safeParse(latest.content) : null;
    const fields = parsed?.success ? parsed.data.fields : [];
    fieldsCache = { version, fields: new Map(fields.map((f) => [f.code, f.name])) };
  }
  return fieldsCache.fields;
}

const summaryOf = (o: OfficeSummary) => ({ id: o.id, name: o.name, agencyId: o.agencyId });

export async function serverIi06a(
  db: Queryable,
  device: Device,
  query: RemoteReportQuery,
  now = Date.now(),
): Promise<RemoteIi06a> {
  const period = checkPeriod(query);
  const scope = await reportScope(db, device, query.officeId);
  const ctx: FoldContext = { calendar: await currentCalendar(db) };
  const [states, fields] = await Promise.all([statesFor(db, scope, period, false), catalogueFields(db)]);
  const report = computeIi06a(states, ctx, period, [...fields.keys()]);
  return {
    ...period,
    office: summaryOf(scope.root),
    offices: scope.officeIds.length,
    computedAt: new Date(now).toISOString(),
    dossiers: states.length,
    rows: report.rows.map((r) => ({ ...r, fieldName: fields.get(r.fieldCode) ?? null })),
    totals: report.totals,
  };
}

export async function serverIndicators766(
  db: Queryable,
  device: Device,
  query: RemoteReportQuery,
  now = Date.now(),
): Promise<RemoteIndicators> {
  const period = checkPeriod(query);
  const scope = await reportScope(db, device, query.officeId);
  const ctx: FoldContext = { calendar: await currentCalendar(db) };
  const states = await statesFor(db, scope, period, true);
  return {
    ...period,
    office: summaryOf(scope.root),
    offices: scope.officeIds.length,
    computedAt: new Date(now).toISOString(),
    dossiers: states.length,
    items: computeIndicators766(states, ctx, period),
  };
}
