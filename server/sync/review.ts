import type { Language } from '../../shared/i18n';
import { MAX_PAGE_EVENT_BYTES, type RejectReason, type ReviewItem } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';
import type { Device } from '../enrolment/devices';
import type { Params } from '../http/errors';
import { reasonOf } from './push';

interface ReviewRow extends Record<string, unknown> {
  id: string;
  event_id: string;
  dossier_id: string;
  office_id: string;
  device_id: string;
  holder_office_id: string | null;
  reason: RejectReason;
  detail_code: string | null;
  params: Params;
  event: unknown;
  created_at: Date | string;
  resolved_at: Date | string | null;
}

/**
 * The review queue as one office sees it: the events it submitted that were refused, and the events
 * other offices tried to record on dossiers it holds.
 */
export async function reviewItems(
  db: Queryable,
  device: Device,
  after: number,
  limit: number,
  language: Language,
): Promise<{ items: ReviewItem[]; hasMore: boolean }> {
  const rows = await db.query<ReviewRow>(
    `SELECT * FROM review_queue WHERE (office_id = $1 OR holder_office_id = $1) AND id > $2 ORDER BY id LIMIT $3`,
    [device.officeId, after, limit + 1],
  );
  let hasMore = rows.length > limit;
  const items: ReviewItem[] = [];
  let bytes = 0;
  for (const r of rows.slice(0, limit)) {
    const item: ReviewItem = {
      id: Number(r.id),
      eventId: r.event_id,
      dossierId: r.dossier_id,
      officeId: r.office_id,
      deviceId: r.device_id,
      holderOfficeId: r.holder_office_id,
      role: r.office_id === device.officeId ? 'submitter' : 'holder',
      reason: reasonOf(language, r.reason, r.detail_code, r.params ?? {}),
      event: r.event,
      createdAt: new Date(r.created_at).toISOString(),
      resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
    };
    const size = Buffer.byteLength(JSON.stringify(item));
    if (items.length > 0 && bytes + size > MAX_PAGE_EVENT_BYTES) {
      hasMore = true;
      break;
    }
    items.push(item);
    bytes += size;
  }
  return { items, hasMore };
}
