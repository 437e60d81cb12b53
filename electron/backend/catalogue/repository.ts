import type {
  CatalogueFile,
  Field,
  Procedure,
  ProcedureLevel,
  ProcedureView,
} from '../../../shared/catalogue/procedure';
import { fold } from '../../../shared/text/fold';
import { ftsQuery } from '../db/fts';
import { getMeta, setMeta } from '../db/meta';
import type { Database } from '../db/sqlite';

interface ProcedureRow {
  data: string;
  field_name: string;
}

const toView = (row: ProcedureRow): ProcedureView => ({
  ...(JSON.parse(row.data) as Procedure),
  fieldName: row.field_name,
});

/**
 * Replaces the whole catalogue with a validated file in one transaction: either every record is in,
 * or nothing changed. Dossiers are unaffected: each keeps the rules it was received under.
 */
export function replaceCatalogue(db: Database, file: CatalogueFile): void {
  db.transaction(() => {
    db.run(`INSERT INTO procedure_fts(procedure_fts) VALUES ('delete-all')`);
    db.run('DELETE FROM procedure');
    db.run('DELETE FROM catalogue_field');
    for (const field of file.fields) {
      db.run('INSERT INTO catalogue_field (code, name) VALUES (?, ?)', field.code, field.name);
    }
    for (const p of file.procedures) {
      const nameFolded = fold(p.name);
      const { lastInsertRowid } = db.run(
        'INSERT INTO procedure (code, name, name_folded, field_code, level, data) VALUES (?, ?, ?, ?, ?, ?)',
        p.code,
        p.name,
        nameFolded,
        p.fieldCode,
        p.level,
        JSON.stringify(p),
      );
      db.run(
        'INSERT INTO procedure_fts (rowid, code, name_folded) VALUES (?, ?, ?)',
        lastInsertRowid,
        p.code,
        nameFolded,
      );
    }
    setMeta(db, 'catalogue.version', file.version);
  });
}

export function catalogueVersion(db: Database): string | null {
  return getMeta(db, 'catalogue.version') ?? null;
}

export function listFields(db: Database): (Field & { count: number })[] {
  return db.all<Field & { count: number }>(
    `SELECT f.code, f.name, COUNT(p.code) AS count
       FROM catalogue_field f LEFT JOIN procedure p ON p.field_code = f.code
      GROUP BY f.code ORDER BY f.name`,
  );
}

export function getProcedure(db: Database, code: string): ProcedureView | undefined {
  const row = db.get<ProcedureRow>(
    `SELECT p.data, f.name AS field_name FROM procedure p JOIN catalogue_field f ON f.code = p.field_code
      WHERE p.code = ?`,
    code,
  );
  return row ? toView(row) : undefined;
}

export interface SearchParams {
  query: string;
  fieldCode?: string | undefined;
  level?: ProcedureLevel | undefined;
  limit: number;
  offset: number;
}

/** A code prefix such as `1.000` or `2.0004`. */
const codePrefix = /^\d(\.\d{0,6})?$/;

export function searchProcedures(db: Database, params: SearchParams): { total: number; items: ProcedureView[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const query = params.query.trim();
  let from = 'procedure p';
  let order = 'p.name_folded, p.code';
  if (codePrefix.test(query)) {
    where.push('p.code LIKE ?');
    args.push(`${query}%`);
    order = 'p.code';
  } else {
    const match = ftsQuery(query);
    if (match) {
      from = 'procedure_fts JOIN procedure p ON p.rowid = procedure_fts.rowid';
      where.push('procedure_fts MATCH ?');
      args.push(match);
      order = 'procedure_fts.rank, p.name_folded';
    }
  }
  if (params.fieldCode) {
    where.push('p.field_code = ?');
    args.push(params.fieldCode);
  }
  if (params.level) {
    where.push('p.level = ?');
    args.push(params.level);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from} ${whereSql}`, ...args)?.n ?? 0;
  const rows = db.all<ProcedureRow>(
    `SELECT p.data, f.name AS field_name FROM ${from} JOIN catalogue_field f ON f.code = p.field_code
      ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ...args,
    params.limit,
    params.offset,
  );
  return { total, items: rows.map(toView) };
}
