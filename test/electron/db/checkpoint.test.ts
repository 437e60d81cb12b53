import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Database, openDatabase } from '../../../electron/backend/db/sqlite';
import { tempDir } from '../../helpers/backend';

/**
 * The write-ahead log is copied into the database file when the connection is idle, not inside the
 * commit of a counter officer's action (electron/backend/db/sqlite.ts, idleCheckpointer). A write lands
 * in the log; the database file itself grows only when the log is checkpointed.
 */
describe('checkpoints of the write-ahead log', () => {
  const open: Database[] = [];
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
    for (const dir of dirs.splice(0)) dir.remove();
  });
  const fileIn = (name: string) => {
    const dir = tempDir();
    dirs.push(dir);
    return join(dir.dir, name);
  };

  const fill = (db: Database) => {
    db.exec('CREATE TABLE IF NOT EXISTS blob_test (id INTEGER PRIMARY KEY, data BLOB)');
    db.run('INSERT INTO blob_test (data) VALUES (?)', Buffer.alloc(2 * 1024 * 1024, 7));
  };

  it('copies the log into the database file once the connection has been idle', async () => {
    const file = fileIn('idle.sqlite');
    const db = openDatabase(file, { idleCheckpointMs: 50 });
    open.push(db);
    const before = statSync(file).size;
    fill(db);
    // The 2 MB row is in the log only (well under SQLite's own threshold).
    expect(statSync(file).size).toBe(before);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(2 * 1024 * 1024);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 2 * 1024 * 1024), { timeout: 5000 });
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM blob_test')?.n).toBe(1);
  });

  it('leaves the log in place when the idle checkpoint is turned off', async () => {
    const file = fileIn('off.sqlite');
    const db = openDatabase(file, { idleCheckpointMs: 0 });
    open.push(db);
    const before = statSync(file).size;
    fill(db);
    // An idle checkpoint with a short delay would have run by the time this 300 ms wait ends.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statSync(file).size).toBe(before);
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    expect(statSync(file).size).toBeGreaterThan(before + 2 * 1024 * 1024);
  });
});
