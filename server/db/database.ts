import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The server's database: PostgreSQL given by DATABASE_URL, or PGlite (the same SQL, in-process) in a
 * data folder as the embedded default. Both are used through this small interface.
 */
export interface ServerDatabase {
  readonly kind: 'postgres' | 'pglite';
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements (no parameters), e.g. a migration. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite's folder; in memory when absent. */
  dataDir?: string | undefined;
}

export async function openServerDatabase(options: DatabaseOptions): Promise<ServerDatabase> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    await pool.query('SELECT 1');
    return {
      kind: 'postgres',
      query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
        (await pool.query(sql, params)).rows as T[],
      exec: async (sql) => {
        await pool.query(sql);
      },
      close: () => pool.end(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  return {
    kind: 'pglite',
    query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
      (await db.query<T>(sql, params)).rows,
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}
