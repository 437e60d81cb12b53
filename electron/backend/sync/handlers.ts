import type { HandlersOf } from '../../../shared/contract/api';
import { AppError } from '../../../shared/contract/result';
import type { ReviewEntry, SyncStatus, syncCalls } from '../../../shared/contract/sync';
import { type Language, translator } from '../../../shared/i18n';
import type { CallContext } from '../context';
import type { Database } from '../db/sqlite';
import type { SyncEngine } from './engine';

/** A failure's message in the caller's language: ours (sync:errors), the server's, or its own words. */
export function syncMessage(language: Language) {
  const t = translator(language);
  return (code: string, fallback: string, params: Record<string, string | number>): string =>
    t([`sync:errors.${code}`, `server:errors.${code}`], {
      detail: fallback,
      ...params,
      defaultValue: fallback || code,
    });
}

interface ReviewRow {
  id: number;
  event_id: string;
  dossier_id: string;
  office_id: string;
  holder_office_id: string | null;
  role: 'submitter' | 'holder';
  reason_code: string;
  reason_detail: string | null;
  message: string;
  event: string;
  created_at: string;
  resolved_at: string | null;
  code: string | null;
}

function eventType(json: string): string {
  try {
    const parsed = JSON.parse(json) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : '';
  } catch {
    return '';
  }
}

export function reviewEntries(
  db: Database,
  options: { includeResolved: boolean; limit: number },
): { items: ReviewEntry[]; total: number } {
  const where = options.includeResolved ? '' : 'WHERE r.resolved_at IS NULL';
  const rows = db.all<ReviewRow>(
    `SELECT r.*, d.code FROM sync_review r LEFT JOIN dossier d ON d.id = r.dossier_id ${where}
      ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
    options.limit,
  );
  const total = db.get<{ n: number }>(`SELECT count(*) AS n FROM sync_review r ${where}`)?.n ?? 0;
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      dossierId: r.dossier_id,
      dossierCode: r.code,
      eventType: eventType(r.event),
      officeId: r.office_id,
      holderOfficeId: r.holder_office_id,
      role: r.role,
      reasonCode: r.reason_code,
      reasonDetail: r.reason_detail,
      message: r.message,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
      event: r.event,
    })),
  };
}

/** The sync calls: state for the status bar, enrolment, a sync now, the review queue, files on demand. */
export function syncHandlers(db: Database, engine: SyncEngine): HandlersOf<typeof syncCalls, CallContext> {
  const status = (ctx: CallContext): SyncStatus => engine.status(syncMessage(ctx.language));
  const failure = (ctx: CallContext, code: string, error: unknown): AppError => {
    const e = error as { code?: string; detail?: string; params?: Record<string, string | number> };
    const reason = syncMessage(ctx.language)(e.code ?? 'INTERNAL', e.detail ?? String(error), e.params ?? {});
    return new AppError(code, { reason });
  };
  return {
    'sync.status': (_input, ctx) => status(ctx),
    'sync.enrol': async ({ serverUrl, code, deviceName }, ctx) => {
      let url: string;
      try {
        url = new URL(/^https?:\/\//i.test(serverUrl) ? serverUrl : `http://${serverUrl}`).toString();
      } catch {
        throw new AppError('SYNC_SERVER_URL_INVALID', { url: serverUrl });
      }
      try {
        await engine.enrol(url, code, deviceName);
      } catch (error) {
        throw failure(ctx, 'SYNC_ENROL_FAILED', error);
      }
      return status(ctx);
    },
    'sync.now': async (_input, ctx) => {
      if (!engine.enrolled) throw new AppError('SYNC_NOT_ENROLLED');
      // A failed run is in the status (lastError); the call itself succeeds and shows it.
      await engine.syncNow().catch(() => undefined);
      return status(ctx);
    },
    'sync.review': ({ includeResolved, limit }) => reviewEntries(db, { includeResolved, limit }),
    'sync.fetchAttachment': async ({ sha256 }, ctx) => {
      if (!engine.enrolled) throw new AppError('SYNC_NOT_ENROLLED');
      try {
        return await engine.fetchAttachment(sha256);
      } catch (error) {
        throw failure(ctx, 'SYNC_FETCH_FAILED', error);
      }
    },
  };
}
