import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Anything that runs a parameterised query: the database itself or an open transaction. */
export interface Queryable {
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The server's database: PostgreSQL given by DATABASE_URL, or PGlite (the same SQL, in-process) in a
 * data folder as the embedded default. Both are used through this small interface.
 */
/** An open transaction: queries, plus statements without parameters (e.g. a migration). */
export interface Transaction extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface ServerDatabase extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs statements (no parameters), e.g. a migration. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws
   * (the error is rethrown). Nothing `fn` wrote is visible to others before the commit.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite's folder; in memory when absent. */
  dataDir?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number | undefined;
}

export async function openServerDatabase(options: DatabaseOptions): Promise<ServerDatabase> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // No JIT compilation: the sync's statements are short, and on tables without fresh statistics
      // (right after a bulk load) the planner's estimates made PostgreSQL spend about 100 ms compiling
      // a query that then ran in under 1 ms, on every push batch (seen with EXPLAIN ANALYZE).
      options: '-c jit=off',
    });
    // An idle client that loses its connection emits 'error' on the pool; without a listener that
    // would crash the process. The next query simply gets a fresh connection.
    pool.on('error', () => {});
    await pool.query('SELECT 1');
    return {
      kind: 'postgres',
      query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
        (await pool.query(sql, params)).rows as T[],
      exec: async (sql) => {
        await pool.query(sql);
      },
      transaction: async (fn) => {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const tx: Transaction = {
            query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
              (await client.query(sql, params)).rows as T[],
            exec: async (sql) => {
              await client.query(sql);
            },
          };
          const value = await fn(tx);
          await client.query('COMMIT');
          return value;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          throw error;
        } finally {
          client.release(broken);
        }
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
    // PGlite has one connection: its transaction() holds it exclusively until the end.
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
            (await tx.query<T>(sql, params)).rows,
          exec: async (sql) => {
            await tx.exec(sql);
          },
        }),
      ),
    close: () => db.close(),
  };
}
