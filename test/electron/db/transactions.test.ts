import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../../electron/backend/db/sqlite';
import { tempDir } from '../../helpers/backend';

/**
 * `transaction` and `savepoint` (electron/backend/db/sqlite.ts): a nested transaction joins the one
 * around it, with no savepoint (SQLite would copy every page the transaction changes into a
 * sub-journal); a savepoint is asked for by name where a caller goes on after a failure.
 */
describe('transactions and savepoints', () => {
  let db: Database;
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => {
    db.close();
    dir.remove();
  });
  const open = () => {
    dir = tempDir();
    db = openDatabase(join(dir.dir, 'tx.sqlite'), { migrations: [] });
    db.exec('CREATE TABLE t (name TEXT PRIMARY KEY) STRICT');
  };
  const names = () => db.all<{ name: string }>('SELECT name FROM t ORDER BY name').map((r) => r.name);
  const insert = (name: string) => db.run('INSERT INTO t (name) VALUES (?)', name);
  const fail = (): never => {
    throw new Error('refused');
  };

  it('a nested transaction is part of the one around it: not undone on its own, rolled back with it', () => {
    open();
    db.transaction(() => {
      insert('a');
      try {
        db.transaction(() => {
          insert('b');
          fail();
        });
      } catch {
        // Caught inside the outer transaction: what the nested one wrote stays (no savepoint).
      }
      insert('c');
    });
    expect(names()).toEqual(['a', 'b', 'c']);

    expect(() =>
      db.transaction(() => {
        insert('d');
        db.transaction(() => insert('e'));
        fail();
      }),
    ).toThrow('refused');
    expect(names()).toEqual(['a', 'b', 'c']);
  });

  it('a savepoint undoes its own writes only, and the transaction around it goes on', () => {
    open();
    db.transaction(() => {
      insert('a');
      expect(() =>
        db.savepoint(() => {
          insert('b');
          fail();
        }),
      ).toThrow('refused');
      db.savepoint(() => insert('c'));
      insert('d');
    });
    expect(names()).toEqual(['a', 'c', 'd']);
  });

  it('outside a transaction, a savepoint is a transaction of its own', () => {
    open();
    db.savepoint(() => insert('a'));
    expect(() =>
      db.savepoint(() => {
        insert('b');
        fail();
      }),
    ).toThrow('refused');
    expect(names()).toEqual(['a']);
  });
});
