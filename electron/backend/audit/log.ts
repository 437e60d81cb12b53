import type { AuditEntry, AuditKind } from '../../../shared/contract/accounts';
import type { Database } from '../db/sqlite';
import { chainHash, GENESIS } from './canonical';
import { hashedAuditEntry } from './chain';

export interface AuditRecord {
  kind: AuditKind;
  userId: string | null;
  officeId?: string | null;
  /** What it was about: a dossier code, a report name, a user name (bounded, plain text). */
  subject?: string | null;
  detail?: Record<string, string | number | boolean | null>;
  /** ISO time; now by default. */
  at?: string;
}

/**
 * Appends one entry to the audit log (sign-in, sign-out, failed sign-in, lock, exports and prints of
 * personal data …), chained to the previous entry by hash. Other capabilities call this when they
 * print or export citizens' data; the renderer reaches it through `audit.record`.
 */
export function recordAudit(db: Database, record: AuditRecord): number {
  return db.transaction(() => {
    const last = db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: record.at ?? new Date().toISOString(),
      kind: record.kind,
      user_id: record.userId,
      office_id: record.officeId ?? null,
      subject: record.subject?.slice(0, 200) ?? null,
      detail: JSON.stringify(record.detail ?? {}),
    };
    const hash = chainHash(last?.hash ?? GENESIS, hashedAuditEntry(row));
    db.run(
      'INSERT INTO audit_log (seq, at, kind, user_id, office_id, subject, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      row.seq,
      row.at,
      row.kind,
      row.user_id,
      row.office_id,
      row.subject,
      row.detail,
      hash,
    );
    return row.seq;
  });
}

export function listAudit(
  db: Database,
  params: { kind?: AuditKind; limit: number; offset: number },
): { total: number; items: AuditEntry[] } {
  const where = params.kind ? 'WHERE kind = ?' : '';
  const args = params.kind ? [params.kind] : [];
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log ${where}`, ...args)?.n ?? 0;
  const rows = db.all<{
    seq: number;
    at: string;
    kind: AuditKind;
    user_id: string | null;
    office_id: string | null;
    subject: string | null;
    detail: string;
  }>(`SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`, ...args, params.limit, params.offset);
  return {
    total,
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      kind: r.kind,
      userId: r.user_id,
      officeId: r.office_id,
      subject: r.subject,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    })),
  };
}
