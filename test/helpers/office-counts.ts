import type { Database } from '../../electron/backend/db/sqlite';

export interface OfficeTotal {
  office_id: string;
  total: number;
  closed: number;
}

/**
 * The per-office queue counts as kept (`dossier_office_count`, offices at zero left out) and as counted
 * from the projection rows: a dossier counts once for each distinct office among its receiving and
 * holding office. The two must always be equal.
 */
export function officeTotals(db: Database): { kept: OfficeTotal[]; counted: OfficeTotal[] } {
  return {
    kept: db.all<OfficeTotal>(
      'SELECT office_id, total, closed FROM dossier_office_count WHERE total <> 0 OR closed <> 0 ORDER BY office_id',
    ),
    counted: db.all<OfficeTotal>(
      `SELECT office_id, COUNT(*) AS total, SUM(closed) AS closed FROM (
         SELECT receiving_office_id AS office_id, closed FROM dossier WHERE receiving_office_id IS NOT NULL
         UNION ALL
         SELECT holder_office_id, closed FROM dossier
          WHERE holder_office_id IS NOT NULL AND holder_office_id IS NOT receiving_office_id
       ) GROUP BY office_id ORDER BY office_id`,
    ),
  };
}
