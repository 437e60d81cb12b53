import { AppError } from '../../../shared/contract/result';
import type { Database } from '../db/sqlite';
import { getDesk } from '../office/repository';

export interface ScopeOffice {
  id: string;
  name: string;
  parentId: string | null;
  agencyId: string | null;
  depth: number;
}

export interface ReportScope {
  /** The office at the top of the reported subtree. */
  root: ScopeOffice;
  /** Every office of the subtree (root first, depth-first). */
  offices: ScopeOffice[];
  /** JSON array of the subtree's office ids, bound to `IN (SELECT value FROM json_each(?))`. */
  idsJson: string;
  /** True when the subtree is every office this desktop knows: the scope filter can be left out. */
  everything: boolean;
}

/** The subtree of an office: itself and every office below it, depth-first in name order. */
export function officeSubtree(db: Database, rootId: string): ScopeOffice[] {
  const rows = db.all<{ id: string; name: string; parent_id: string | null; agency_id: string | null }>(
    'SELECT id, name, parent_id, agency_id FROM office ORDER BY name',
  );
  const children = new Map<string | null, typeof rows>();
  for (const r of rows) {
    const list = children.get(r.parent_id) ?? [];
    list.push(r);
    children.set(r.parent_id, list);
  }
  const root = rows.find((r) => r.id === rootId);
  if (!root) return [];
  const out: ScopeOffice[] = [];
  const seen = new Set<string>();
  const visit = (r: (typeof rows)[number], depth: number) => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    out.push({ id: r.id, name: r.name, parentId: r.parent_id, agencyId: r.agency_id, depth });
    for (const c of children.get(r.id) ?? []) visit(c, depth + 1);
  };
  visit(root, 0);
  return out;
}

/**
 * The scope of a report or dashboard. A supervisor at this desk sees the desk's office and the offices
 * under it (issue 7 §4); asking for an office outside that subtree is refused. The province-wide view
 * is the central server's (not on this desktop).
 */
export function resolveScope(db: Database, officeId?: string): ReportScope {
  const desk = getDesk(db).officeId;
  if (!desk) throw new AppError('DESK_NOT_CONFIGURED');
  const allowed = officeSubtree(db, desk);
  const rootId = officeId ?? desk;
  if (!allowed.some((o) => o.id === rootId)) throw new AppError('REPORT_SCOPE_FORBIDDEN', { officeId: rootId });
  const offices = officeSubtree(db, rootId).map((o, _, all) => ({ ...o, depth: o.depth - (all[0]?.depth ?? 0) }));
  const root = offices[0];
  if (!root) throw new AppError('OFFICE_NOT_FOUND', { id: rootId });
  const total = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM office')?.n ?? 0;
  return { root, offices, idsJson: JSON.stringify(offices.map((o) => o.id)), everything: offices.length >= total };
}

/** The SQL condition "this dossier belongs to the scope" (rule R9 of shared/reports/ii06a.ts), with its params. */
export function scopeCondition(scope: ReportScope, alias = 'd'): { sql: string; args: string[] } {
  if (scope.everything) return { sql: '1', args: [] };
  return {
    sql: `(${alias}.receiving_office_id IN (SELECT value FROM json_each(?)) OR ${alias}.holder_office_id IN (SELECT value FROM json_each(?)))`,
    args: [scope.idsJson, scope.idsJson],
  };
}
