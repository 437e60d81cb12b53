import { calendarFileSchema } from '../../shared/calendar/schema';
import { catalogueFileSchema } from '../../shared/catalogue/procedure';
import {
  MAX_PAGE_EVENT_BYTES,
  REFERENCE_KINDS,
  type ReferenceDocument,
  type ReferenceKind,
  type ReferenceValue,
} from '../../shared/sync/protocol';
import { usersDocumentSince } from '../accounts/users';
import type { Queryable, ServerDatabase, Transaction } from '../db/database';
import { ServerFailure } from '../http/errors';
import { lockReferenceVersions } from './versions';

/** A reference document must fit in one response with room to spare. */
export const MAX_REFERENCE_BYTES = MAX_PAGE_EVENT_BYTES;

/** Validates a catalogue or calendar file before it is published (the organisation tree is built here). */
export function validateReference(kind: ReferenceKind, content: unknown): unknown {
  const schema = kind === 'catalogue' ? catalogueFileSchema : kind === 'calendar' ? calendarFileSchema : null;
  if (!schema) return content;
  const parsed = schema.safeParse(content);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ServerFailure('REFERENCE_INVALID', 400, { detail });
  }
  // The file as written is what desktops receive (their own loaders parse it again).
  return content;
}

/** Publishes a new version of a reference document in a transaction of its own; returns its version. */
export function publishReference(db: ServerDatabase, kind: ReferenceKind, content: unknown, note?: string) {
  return db.transaction((tx) => insertReference(tx, kind, content, note));
}

/** Publishes a new version of a reference document within `tx` (committed with it); returns its version. */
export async function insertReference(tx: Transaction, kind: ReferenceKind, content: unknown, note?: string) {
  const checked = validateReference(kind, content);
  const size = Buffer.byteLength(JSON.stringify(checked));
  if (size > MAX_REFERENCE_BYTES)
    throw new ServerFailure('REFERENCE_TOO_LARGE', 413, { size, limit: MAX_REFERENCE_BYTES });
  await lockReferenceVersions(tx);
  const [row] = await tx.query<{ version: string }>(
    'INSERT INTO reference_data (kind, content, note) VALUES ($1, $2::jsonb, $3) RETURNING version',
    [kind, JSON.stringify(checked), note ?? null],
  );
  return Number(row?.version);
}

/** The latest document of a kind, or null. */
export async function latestReference(
  db: Queryable,
  kind: ReferenceKind,
): Promise<{ version: number; content: unknown } | null> {
  const [row] = await db.query<{ version: string; content: unknown }>(
    'SELECT version, content FROM reference_data WHERE kind = $1 ORDER BY version DESC LIMIT 1',
    [kind],
  );
  return row ? { version: Number(row.version), content: row.content } : null;
}

/**
 * The latest document of each kind newer than `since`, oldest first, as many as fit in a page.
 * Older versions of a kind are superseded and never sent. With `officeId` (the device's office), the
 * users of that office come too, as one `users` document, when any of them changed after `since`.
 *
 * Versions commit in order (server/reference/versions.ts), and every read here sees the same moment
 * (one repeatable-read snapshot): with separate snapshots, a document committed after the first read
 * and a user change committed after it, before the users read, would send the user change's version
 * without the document, and the desktop, now past it, would never receive the document.
 */
export function referenceSince(db: ServerDatabase, since: number, officeId?: string): Promise<ReferenceValue> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return referencePage(tx, since, officeId);
  });
}

async function referencePage(db: Queryable, since: number, officeId?: string): Promise<ReferenceValue> {
  const rows = await db.query<{ kind: string; version: string; created_at: Date | string; content: unknown }>(
    `SELECT DISTINCT ON (kind) kind, version, created_at, content FROM reference_data
      WHERE kind = ANY($1) AND version > $2 ORDER BY kind, version DESC`,
    [REFERENCE_KINDS as readonly string[], since],
  );
  const users = officeId ? await usersDocumentSince(db, officeId, since) : null;
  if (users) {
    rows.push({ kind: 'users', version: String(users.version), created_at: new Date(), content: users.content });
  }
  rows.sort((a, b) => Number(a.version) - Number(b.version));
  const documents: ReferenceDocument[] = [];
  let bytes = 0;
  let version = since;
  let hasMore = false;
  for (const r of rows) {
    const doc: ReferenceDocument = {
      kind: r.kind as ReferenceKind,
      version: Number(r.version),
      createdAt: new Date(r.created_at).toISOString(),
      content: r.content,
    };
    const size = Buffer.byteLength(JSON.stringify(doc));
    if (documents.length > 0 && bytes + size > MAX_PAGE_EVENT_BYTES) {
      hasMore = true;
      break;
    }
    documents.push(doc);
    bytes += size;
    version = doc.version;
  }
  return { documents, version, hasMore };
}
