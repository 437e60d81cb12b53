import BetterSqlite3 from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations';

/**
 * The only module that imports the SQLite driver. Everything else gets a Database: prepared
 * statements cached by their SQL, transactions, and the schema migrated on open.
 */
export type SqlValue = string | number | bigint | Buffer | null;
export type Params = SqlValue[] | [Record<string, SqlValue>];

export interface Database {
  readonly file: string;
  all<T>(sql: string, ...params: Params): T[];
  get<T>(sql: string, ...params: Params): T | undefined;
  run(sql: string, ...params: Params): { changes: number; lastInsertRowid: number | bigint };
  exec(sql: string): void;
  /** Runs fn in one transaction (nested calls become savepoints); rolls back if it throws. */
  transaction<T>(fn: () => T): T;
  schemaVersion(): number;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  /** Migrate only up to this version (tests of older schemas). */
  upTo?: number;
  migrations?: readonly Migration[];
}

export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');

  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const database: Database = {
    file,
    all: <T>(sql: string, ...params: Params) => prepare(sql).all(...params) as T[],
    get: <T>(sql: string, ...params: Params) => prepare(sql).get(...params) as T | undefined,
    run: (sql, ...params) => prepare(sql).run(...params),
    exec: (sql) => {
      db.exec(sql);
    },
    transaction: <T>(fn: () => T) => db.transaction(fn)(),
    schemaVersion: () => db.pragma('user_version', { simple: true }) as number,
    close: () => {
      statements.clear();
      db.close();
    },
  };
  if (!options.readonly) migrate(database, options.migrations ?? allMigrations, options.upTo);
  return database;
}

/**
 * Applies, in order and each in its own transaction, the migrations newer than the database's
 * user_version. Migrations only add; a database written by a newer release is refused.
 */
export function migrate(db: Database, migrations: readonly Migration[], upTo?: number): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.schemaVersion();
  if (current > latest) {
    throw new Error(`database schema ${current} is newer than this release supports (${latest})`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    if (upTo !== undefined && migration.version > upTo) break;
    db.transaction(() => {
      db.exec(migration.up);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
}
