import { randomUUID } from 'node:crypto';
import { formatInstant, localDateOf } from '../../../shared/calendar/time';
import { AppError } from '../../../shared/contract/result';
import type { AttachmentView, DigitizationMetadata } from '../../../shared/scan/schema';
import type { Database } from '../db/sqlite';

interface LinkRow {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  page_count: number;
  created_at: string;
  dossier_id: string | null;
  component_index: number | null;
  component_code: string | null;
  component_name: string;
  owner_id_number: string | null;
  document_number: string | null;
  issue_date: string | null;
  issuer: string | null;
  summary: string | null;
  valid_until: string | null;
  kind: 'intake' | 'result';
  digitized_by: string;
  digitized_at: string;
  reused: number;
  reused_from: string | null;
  reused_by: string | null;
}

const selectLinks = `
  SELECT l.id, l.sha256, a.size, a.mime, a.page_count, l.created_at, l.dossier_id, l.component_index,
         l.component_code, l.component_name, l.owner_id_number, l.document_number, l.issue_date, l.issuer,
         l.summary, l.valid_until, l.kind, l.digitized_by, l.digitized_at, l.reused, l.reused_from,
         l.reused_by
  FROM attachment_link l JOIN attachment a ON a.sha256 = l.sha256`;

function view(row: LinkRow): AttachmentView {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    mime: row.mime,
    pageCount: row.page_count,
    createdAt: row.created_at,
    dossierId: row.dossier_id,
    componentIndex: row.component_index,
    componentCode: row.component_code,
    componentName: row.component_name,
    ownerIdNumber: row.owner_id_number,
    documentNumber: row.document_number,
    issueDate: row.issue_date,
    issuer: row.issuer,
    summary: row.summary,
    validUntil: row.valid_until,
    kind: row.kind,
    digitizedBy: row.digitized_by,
    digitizedAt: row.digitized_at,
    reused: row.reused === 1,
    reusedFrom: row.reused_from,
    reusedBy: row.reused_by,
  };
}

export interface NewAttachment {
  sha256: string;
  size: number;
  mime: string;
  pageCount: number;
  metadata: DigitizationMetadata;
  dossierId: string | null;
  componentIndex: number | null;
  /** Epoch ms (injected clock). */
  now: number;
}

/** Records a stored file and the component it digitizes, in one transaction. */
export function insertAttachment(db: Database, input: NewAttachment): AttachmentView {
  const at = formatInstant(input.now);
  const id = randomUUID();
  const m = input.metadata;
  db.transaction(() => {
    db.run(
      `INSERT INTO attachment (sha256, size, mime, page_count, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO NOTHING`,
      input.sha256,
      input.size,
      input.mime,
      input.pageCount,
      at,
    );
    db.run(
      `INSERT INTO attachment_link (id, sha256, dossier_id, component_index, component_code, component_name,
         owner_id_number, document_number, issue_date, issuer, summary, valid_until, kind, digitized_by,
         digitized_at, reused, reused_from, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?)`,
      id,
      input.sha256,
      input.dossierId,
      input.componentIndex,
      m.componentCode,
      m.componentName,
      m.ownerIdNumber,
      m.documentNumber,
      m.issueDate,
      m.issuer,
      m.summary,
      m.validUntil,
      m.kind,
      m.digitizedBy,
      at,
      at,
    );
  });
  return getLink(db, id);
}

export function findLink(db: Database, id: string): AttachmentView | null {
  const row = db.get<LinkRow>(`${selectLinks} WHERE l.id = ?`, id);
  return row ? view(row) : null;
}

export function getLink(db: Database, id: string): AttachmentView {
  const found = findLink(db, id);
  if (!found) throw new AppError('ATTACHMENT_NOT_FOUND', { id });
  return found;
}

export function getFile(db: Database, sha256: string): { sha256: string; size: number; mime: string } | null {
  return (
    db.get<{ sha256: string; size: number; mime: string }>(
      'SELECT sha256, size, mime FROM attachment WHERE sha256 = ?',
      sha256,
    ) ?? null
  );
}

export function listForDossier(db: Database, dossierId: string): AttachmentView[] {
  return db
    .all<LinkRow>(`${selectLinks} WHERE l.dossier_id = ? ORDER BY l.component_index, l.created_at`, dossierId)
    .map(view);
}

/** Binds links made before the dossier was saved; a link already bound to another dossier is refused. */
export function bindToDossier(db: Database, ids: readonly string[], dossierId: string): AttachmentView[] {
  return db.transaction(() =>
    ids.map((id) => {
      const link = getLink(db, id);
      if (link.dossierId !== null && link.dossierId !== dossierId) {
        throw new AppError('ATTACHMENT_BOUND_ELSEWHERE', { id, dossierId: link.dossierId });
      }
      db.run('UPDATE attachment_link SET dossier_id = ? WHERE id = ?', dossierId, id);
      return getLink(db, id);
    }),
  );
}

/** Today's local (Vietnam) date. */
export function todayLocal(now = Date.now()): string {
  return localDateOf(now);
}

/**
 * Components digitized for this owner that match the component (by code when given, else by exact name,
 * case-insensitive) and are still valid on `today` (no expiry, or expiry on or after today). Newest first,
 * one per file.
 */
export function findReusable(
  db: Database,
  query: { ownerIdNumber: string; componentCode?: string; componentName?: string; today: string },
): AttachmentView[] {
  const byCode = query.componentCode !== undefined;
  const rows = db.all<LinkRow>(
    `${selectLinks}
     WHERE l.owner_id_number = ?
       AND ${byCode ? 'l.component_code = ?' : 'lower(l.component_name) = lower(?)'}
       AND (l.valid_until IS NULL OR l.valid_until >= ?)
     ORDER BY l.digitized_at DESC, l.created_at DESC`,
    query.ownerIdNumber,
    (byCode ? query.componentCode : query.componentName) ?? '',
    query.today,
  );
  const seen = new Set<string>();
  return rows.map(view).filter((v) => {
    if (seen.has(v.sha256)) return false;
    seen.add(v.sha256);
    return true;
  });
}

/** Records a reuse: a new link to the same file with the source's metadata, marked reused. */
export function recordReuse(
  db: Database,
  input: {
    id: string;
    dossierId: string | null;
    componentIndex: number | null;
    digitizedBy: string;
    today: string;
    now: number;
  },
): AttachmentView {
  const source = getLink(db, input.id);
  if (source.validUntil !== null && source.validUntil < input.today) {
    throw new AppError('ATTACHMENT_EXPIRED', { validUntil: source.validUntil });
  }
  const id = randomUUID();
  const at = formatInstant(input.now);
  db.run(
    `INSERT INTO attachment_link (id, sha256, dossier_id, component_index, component_code, component_name,
       owner_id_number, document_number, issue_date, issuer, summary, valid_until, kind, digitized_by,
       digitized_at, reused, reused_from, reused_by, created_at)
     SELECT ?, sha256, ?, ?, component_code, component_name, owner_id_number, document_number, issue_date,
       issuer, summary, valid_until, kind, digitized_by, digitized_at, 1, id, ?, ?
     FROM attachment_link WHERE id = ?`,
    id,
    input.dossierId,
    input.componentIndex,
    input.digitizedBy,
    at,
    input.id,
  );
  return getLink(db, id);
}
