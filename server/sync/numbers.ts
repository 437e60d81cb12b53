/**
 * The server range of the daily dossier numbers (shared/codes/numbering.ts): blocks per agency and
 * date, handed out sequentially. `reserveBlock` semantics, made atomic by a row lock on the
 * (agency, date) counter, so concurrent requests from several desktops never get overlapping blocks.
 */
import { DEFAULT_BLOCK_SIZE, type NumberBlock, SERVER_RANGE_END } from '../../shared/codes/numbering';
import type { NumbersValue } from '../../shared/sync/protocol';
import type { ServerDatabase } from '../db/database';

export async function reserveNumberBlocks(
  db: ServerDatabase,
  request: { agencyId: string; dates: readonly string[]; size?: number | undefined; deviceId?: string | null },
): Promise<NumbersValue> {
  const size = Math.max(1, Math.floor(request.size ?? DEFAULT_BLOCK_SIZE));
  const dates = [...new Set(request.dates)].sort();
  return db.transaction(async (tx) => {
    const blocks: NumberBlock[] = [];
    const full: string[] = [];
    for (const date of dates) {
      await tx.query(
        `INSERT INTO number_blocks (agency_id, date, next_number) VALUES ($1, $2, 1)
         ON CONFLICT (agency_id, date) DO NOTHING`,
        [request.agencyId, date],
      );
      const [row] = await tx.query<{ next_number: number }>(
        'SELECT next_number FROM number_blocks WHERE agency_id = $1 AND date = $2 FOR UPDATE',
        [request.agencyId, date],
      );
      const from = Number(row?.next_number ?? 1);
      if (from > SERVER_RANGE_END) {
        full.push(date);
        continue;
      }
      const to = Math.min(SERVER_RANGE_END, from + size - 1);
      await tx.query('UPDATE number_blocks SET next_number = $3 WHERE agency_id = $1 AND date = $2', [
        request.agencyId,
        date,
        to + 1,
      ]);
      await tx.query(
        `INSERT INTO number_block_grants (agency_id, date, first_number, last_number, device_id)
         VALUES ($1, $2, $3, $4, $5)`,
        [request.agencyId, date, from, to, request.deviceId ?? null],
      );
      blocks.push({ agencyId: request.agencyId, date, from, to });
    }
    return { blocks, full };
  });
}
