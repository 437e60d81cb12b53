import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { migrations as allMigrations, type Migration } from './migrations';

/**
 * The only module that imports the SQLite driver: better-sqlite3-multiple-ciphers, the same API as
 * better-sqlite3 12 with SQLite3 Multiple Ciphers built in, so the file is encrypted at rest with
 * SQLCipher 4's format (AES-256-CBC + HMAC-SHA512 per page, WAL included) when a key is given. Everything else gets a Database: prepared
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
  /**
   * Runs fn in one transaction; rolls back if it throws. Called inside another transaction, fn joins
   * it: a throw that escapes fn rolls the whole transaction back. Nested calls are not savepoints, because
   * with a savepoint open SQLite copies every page the transaction changes into a sub-journal (a fifth of a
   * first sync's time when a pulled page ran inside one, BENCHMARKS.md session 6).
   */
  transaction<T>(fn: () => T): T;
  /**
   * Runs fn so that a throw undoes fn's writes only: a savepoint inside a transaction, a transaction
   * otherwise. For the rare caller that catches a failure and goes on (a reference document that
   * skips one office the local rules refuse); it pays the sub-journal, so keep fn small.
   */
  savepoint<T>(fn: () => T): T;
  schemaVersion(): number;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  /** Migrate only up to this version (tests of older schemas). */
  upTo?: number;
  migrations?: readonly Migration[];
  /**
   * 32 bytes: the database is encrypted with it (SQLCipher 4 compatible). A file written without a key
   * is encrypted in place the first time it is opened with one. Without a key the file is plain.
   */
  key?: Buffer;
  /**
   * Milliseconds without a write after which the write-ahead log is checkpointed (default 1000; 0: only
   * SQLite's own checkpoints). See `openDatabase`.
   */
  idleCheckpointMs?: number;
}

/**
 * SQLite checkpoints the write-ahead log itself (copies it into the database file, then syncs) in the
 * commit that takes the log past this many pages. The connection checkpoints when idle long before
 * that; the ceiling only matters during long bursts of writes, such as a first sync or a catch-up.
 * 16,000 pages (64 MB of log): a week's catch-up (25,000 events) finishes without a checkpoint inside
 * it and the idle checkpoint copies the log a second later, where 4,000 pages put two or three
 * checkpoints of 100-200 ms each inside it (bench/sync.bench.ts, BENCHMARKS.md).
 */
const WAL_CEILING_PAGES = 16_000;

/** Thrown when the file cannot be read with the key given (wrong key, or not a database at all). */
export class DatabaseKeyError extends Error {
  constructor(readonly file: string) {
    super(`the database ${file} cannot be opened with this key (wrong key or not a database)`);
    this.name = 'DatabaseKeyError';
  }
}

function applyKey(db: BetterSqlite3.Database, key: Buffer, pragma: 'key' | 'rekey'): void {
  if (key.length !== 32) throw new Error('the database key must be 32 bytes');
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`${pragma} = "x'${key.toString('hex')}'"`);
}

function readable(db: BetterSqlite3.Database): boolean {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  }
}

/** Opens the driver's connection, with the key when there is one (encrypting a plain file in place). */
function connect(file: string, options: OpenOptions): BetterSqlite3.Database {
  const readonly = options.readonly ?? false;
  const db = new BetterSqlite3(file, { readonly });
  if (!options.key) return db;
  applyKey(db, options.key, 'key');
  if (readable(db)) return db;
  db.close();
  if (readonly || !existsSync(file)) throw new DatabaseKeyError(file);
  // A database written before encryption was turned on: encrypt it where it is (rekey needs a
  // rollback journal, not WAL), then open it again with the key.
  const plain = new BetterSqlite3(file);
  if (!readable(plain)) {
    plain.close();
    throw new DatabaseKeyError(file);
  }
  plain.pragma('journal_mode = DELETE');
  applyKey(plain, options.key, 'rekey');
  plain.close();
  const encrypted = new BetterSqlite3(file);
  applyKey(encrypted, options.key, 'key');
  if (!readable(encrypted)) {
    encrypted.close();
    throw new DatabaseKeyError(file);
  }
  return encrypted;
}

interface WriteWatch {
  /** A write is about to happen. */
  touch(): void;
  stop(): void;
}

const NO_WATCH: WriteWatch = { touch: () => {}, stop: () => {} };

/**
 * Checkpoints the write-ahead log once the connection has had no write for `idleMs`, so that the
 * copy into the database file and its fsync happen between a counter officer's actions, not inside
 * the commit of whichever intake takes the log past SQLite's threshold (that threshold is raised to
 * WAL_CEILING_PAGES, a ceiling for long bursts). PASSIVE: never waits for readers or writers.
 */
function idleCheckpointer(db: BetterSqlite3.Database, idleMs: number): WriteWatch {
  db.pragma(`wal_autocheckpoint = ${WAL_CEILING_PAGES}`);
  if (idleMs <= 0) return NO_WATCH;
  let lastWrite = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const quiet = Date.now() - lastWrite;
    if (quiet < idleMs) {
      timer = setTimeout(tick, idleMs - quiet).unref();
      return;
    }
    timer = undefined;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Nothing is lost: the log stays and the next checkpoint (idle or SQLite's own) copies it.
    }
  };
  return {
    touch: () => {
      lastWrite = Date.now();
      timer ??= setTimeout(tick, idleMs).unref();
    },
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = connect(file, options);
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const written = options.readonly ? NO_WATCH : idleCheckpointer(db, options.idleCheckpointMs ?? 1000);

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
    run: (sql, ...params) => {
      written.touch();
      return prepare(sql).run(...params);
    },
    exec: (sql) => {
      written.touch();
      db.exec(sql);
    },
    transaction: <T>(fn: () => T) => {
      if (db.inTransaction) return fn();
      written.touch();
      return db.transaction(fn)();
    },
    savepoint: <T>(fn: () => T) => {
      written.touch();
      return db.transaction(fn)();
    },
    schemaVersion: () => db.pragma('user_version', { simple: true }) as number,
    close: () => {
      written.stop();
      statements.clear();
      db.close();
    },
  };
  if (!options.readonly) migrate(database, options.migrations ?? allMigrations, options.upTo);
  // Statement journals in memory. A statement that fires a trigger keeps the pages it changes in a
  // statement journal, which SQLite spills to a temporary file past 64 KiB. Until migration 9 every
  // projection write fired the queue-count triggers and changed a dozen index pages: that file write
  // doubled the cost of each projection insert (bench/sync.bench.ts, BENCHMARKS.md). Set after the
  // migrations, whose bulk statements could journal many pages.
  db.pragma('temp_store = MEMORY');
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
