import { z } from 'zod';
import { agencyIdSchema } from '../../shared/codes/agency';
import type { OfficeSummary } from '../../shared/sync/protocol';
import type { Queryable, ServerDatabase } from '../db/database';
import { ServerFailure } from '../http/errors';
import { insertReference } from '../reference/reference';
import { lockReferenceVersions } from '../reference/versions';

/** An office of the organisation tree; the level is data (province, commune, department, …). */
export const newOfficeSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/),
  agencyId: z.string().trim().toUpperCase().pipe(agencyIdSchema),
  name: z.string().trim().min(1).max(300),
  level: z.string().trim().min(1).max(50).optional(),
  parentId: z.string().trim().min(1).max(100).optional(),
});
export type NewOffice = z.input<typeof newOfficeSchema>;

interface OfficeRow extends Record<string, unknown> {
  id: string;
  agency_id: string;
  name: string;
  level: string | null;
  parent_id: string | null;
}

const summary = (r: OfficeRow): OfficeSummary => ({
  id: r.id,
  agencyId: r.agency_id,
  name: r.name,
  level: r.level,
  parentId: r.parent_id,
});

export async function getOffice(db: Queryable, officeId: string): Promise<OfficeSummary> {
  const [row] = await db.query<OfficeRow>('SELECT * FROM offices WHERE id = $1', [officeId]);
  if (!row) throw new ServerFailure('OFFICE_NOT_FOUND', 404, { officeId });
  return summary(row);
}

export async function listOffices(db: Queryable): Promise<OfficeSummary[]> {
  return (await db.query<OfficeRow>('SELECT * FROM offices ORDER BY id')).map(summary);
}

/** Adds an office and publishes the new organisation tree (reference data) in the same transaction. */
export async function addOffice(db: ServerDatabase, input: NewOffice): Promise<OfficeSummary> {
  const office = newOfficeSchema.parse(input);
  return db.transaction(async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM offices WHERE id = $1', [office.id]);
    if (exists) throw new ServerFailure('OFFICE_EXISTS', 409, { officeId: office.id });
    if (office.parentId) await getOffice(tx, office.parentId);
    const [row] = await tx.query<OfficeRow>(
      'INSERT INTO offices (id, agency_id, name, level, parent_id) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [office.id, office.agencyId, office.name, office.level ?? null, office.parentId ?? null],
    );
    // Locked before the tree is read: an office added at the same time is in it once its transaction
    // commits (otherwise the later version would be a tree without it).
    await lockReferenceVersions(tx);
    await insertReference(tx, 'organisation', { offices: await listOffices(tx) }, `office ${office.id} added`);
    return summary(row as OfficeRow);
  });
}

/** Lets `officeId` (a supervisor's office) see the dossiers of `visibleOfficeId` (and its sub-offices). */
export async function addScope(
  db: Queryable,
  officeId: string,
  visibleOfficeId: string,
  includeDescendants = false,
): Promise<void> {
  await getOffice(db, officeId);
  await getOffice(db, visibleOfficeId);
  await db.query(
    `INSERT INTO office_scopes (office_id, visible_office_id, include_descendants) VALUES ($1, $2, $3)
     ON CONFLICT (office_id, visible_office_id) DO UPDATE SET include_descendants = EXCLUDED.include_descendants`,
    [officeId, visibleOfficeId, includeDescendants],
  );
}

/** The offices whose dossiers `officeId` sees: itself plus its configured scope, expanded. */
export async function visibleOffices(db: Queryable, officeId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `WITH RECURSIVE tree(id) AS (
       SELECT visible_office_id FROM office_scopes WHERE office_id = $1 AND include_descendants
       UNION SELECT o.id FROM offices o JOIN tree t ON o.parent_id = t.id
     )
     SELECT $1::text AS id
     UNION SELECT visible_office_id FROM office_scopes WHERE office_id = $1
     UNION SELECT id FROM tree`,
    [officeId],
  );
  return rows.map((r) => r.id);
}
