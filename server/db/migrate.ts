import type { ServerDatabase } from './database';
import { type Migration, migrations } from './migrations';

/** An arbitrary constant: the advisory lock that lets one instance at a time migrate. */
const MIGRATION_LOCK = 726_001;

export const LATEST_VERSION = migrations.at(-1)?.version ?? 0;

/** The versions already applied. */
export async function appliedVersions(db: ServerDatabase): Promise<number[]> {
  const [table] = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!table?.t) return [];
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => Number(r.version));
}

/**
 * Brings the schema up to `target` (default: the latest). All pending migrations run in one
 * transaction under an advisory lock, so instances starting together do not race and a failure
 * leaves the schema as it was. Returns the versions applied now.
 */
export async function migrate(
  db: ServerDatabase,
  target = LATEST_VERSION,
  list: readonly Migration[] = migrations,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const m of list) {
      if (m.version > target || done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
