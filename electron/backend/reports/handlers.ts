import { formatInstant } from '../../../shared/calendar/time';
import type { HandlersOf } from '../../../shared/contract/api';
import type { reportsCalls } from '../../../shared/contract/reports';
import { AppError } from '../../../shared/contract/result';
import { translator } from '../../../shared/i18n';
import { defaultPeriod } from '../../../shared/reports/period';
import type { CalendarStore } from '../calendar/store';
import type { CallContext } from '../context';
import type { Database } from '../db/sqlite';
import type { DossierStore } from '../dossier/store';
import { DashboardQueries, type Labels } from './dashboard';
import { ii06aFileName, ii06aPdf, ii06aWorkbook } from './export';
import { fieldNames, ii06aFromServer, ii06aReport, indicators766 } from './ii06a';
import type { RemoteReportSource } from './remote';
import { resolveScope } from './scope';

export interface ReportsDeps {
  db: Database;
  dossiers: DossierStore;
  calendars: CalendarStore;
  /** Fonts for the PDF export. */
  assetsDir: string;
  /**
   * The central server's province-wide reports, used for II.06a and the Decision 766 indicators when
   * this desktop is enrolled and the server answers; without it (or when it fails) they are local.
   */
  remote?: RemoteReportSource;
}

/** Supervision and reports (issue 7): dashboard, drill-down, alerts, form II.06a, Decision 766 indicators. */
export function reportsHandlers({
  db,
  dossiers,
  calendars,
  assetsDir,
  remote,
}: ReportsDeps): HandlersOf<typeof reportsCalls, CallContext> {
  const queries = new DashboardQueries(db, dossiers, calendars);

  const period = (input: { from?: string; to?: string }) => {
    const d = defaultPeriod(dossiers.nowMs());
    const from = input.from ?? d.from;
    const to = input.to ?? d.to;
    if (from > to) throw new AppError('REPORT_PERIOD_INVALID', { from, to });
    return { from, to };
  };

  const officeNames = () =>
    new Map(db.all<{ id: string; name: string }>('SELECT id, name FROM office').map((r) => [r.id, r.name]));

  const labels = (language: CallContext['language']): Labels => {
    const t = translator(language);
    const offices = officeNames();
    const fields = fieldNames(db);
    const procedures = new Map(
      db.all<{ code: string; name: string }>('SELECT code, name FROM procedure').map((r) => [r.code, r.name]),
    );
    const unknown = t('reports:unknown');
    // Events name officers by user id; reports show their names.
    const people = new Map(
      db
        .all<{ id: string; display_name: string }>('SELECT id, display_name FROM app_user')
        .map((r) => [r.id, r.display_name]),
    );
    return {
      office: (k) => (k ? (offices.get(k) ?? k) : unknown),
      field: (k) => (k ? (fields.get(k) ?? k) : unknown),
      procedure: (k) => (k ? `${k} — ${procedures.get(k) ?? ''}` : unknown),
      officer: (k) => (k ? (people.get(k) ?? k) : unknown),
      officeNames: offices,
    };
  };

  /** The central server's answer, or why there is none (then the figures are computed here). */
  const notAsked = { ok: false, reason: 'not-enrolled' } as const;

  const ii06a = async (input: { officeId?: string; from: string; to: string }, ctx: CallContext) => {
    // The desk's own scope is checked first, whoever computes the figures.
    const scope = resolveScope(db, input.officeId);
    const p = period(input);
    const unknownField = translator(ctx.language)('reports:unknownField');
    const answer = remote ? await remote.ii06a({ officeId: scope.root.id, ...p }, ctx.language) : notAsked;
    if (answer.ok) return ii06aFromServer(db, answer.value, answer.pendingLocal, dossiers.nowMs(), unknownField);
    return ii06aReport(
      db,
      dossiers.foldContext(),
      scope,
      p,
      dossiers.nowMs(),
      unknownField,
      answer.reason,
      'detail' in answer ? answer.detail : undefined,
    );
  };

  return {
    'reports.scope': () => {
      const scope = resolveScope(db);
      return {
        officeId: scope.root.id,
        offices: scope.offices.map((o) => ({ id: o.id, name: o.name, parentId: o.parentId, depth: o.depth })),
      };
    },
    'reports.dashboard': (input, ctx) =>
      queries.dashboard(
        resolveScope(db, input.officeId),
        { ...period(input), dueWithinHours: input.dueWithinHours },
        labels(ctx.language),
      ),
    'reports.drill': (input) =>
      queries.drill(resolveScope(db, input.officeId), { ...input, ...period(input) }, officeNames()),
    'reports.alerts': (input) => queries.alerts(resolveScope(db, input.officeId)),
    'reports.ii06a': ii06a,
    'reports.indicators766': async (input, ctx) => {
      const scope = resolveScope(db, input.officeId);
      const p = period(input);
      const answer = remote ? await remote.indicators766({ officeId: scope.root.id, ...p }, ctx.language) : notAsked;
      if (answer.ok) {
        const computed = Date.parse(answer.value.computedAt);
        return {
          ...p,
          local: false,
          source: {
            kind: 'server' as const,
            at: formatInstant(Number.isFinite(computed) ? computed : dossiers.nowMs()),
            pendingLocal: answer.pendingLocal,
          },
          items: answer.value.items,
        };
      }
      return {
        ...p,
        local: true,
        source: {
          kind: 'local' as const,
          at: formatInstant(dossiers.nowMs()),
          reason: answer.reason,
          ...('detail' in answer && answer.detail ? { detail: answer.detail.slice(0, 500) } : {}),
        },
        items: indicators766(db, dossiers.foldContext(), scope, p),
      };
    },
    'reports.exportII06a': async (input, ctx) => {
      const view = await ii06a(input, ctx);
      const t = translator(ctx.language);
      if (input.format === 'pdf') {
        const bytes = await ii06aPdf(view, t, assetsDir);
        return {
          fileName: ii06aFileName(view, 'pdf'),
          mimeType: 'application/pdf',
          base64: Buffer.from(bytes).toString('base64'),
        };
      }
      const buffer = await ii06aWorkbook(view, t);
      return {
        fileName: ii06aFileName(view, 'xlsx'),
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: buffer.toString('base64'),
      };
    },
  };
}
