import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PlainSqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveKey, newSecret, openSealed, sealFile } from '../../../electron/backend/accounts/secret';
import { DatabaseKeyError, openDatabase } from '../../../electron/backend/db/sqlite';
import { tempDir } from '../../helpers/backend';

describe('encryption at rest', () => {
  const dir = tempDir('motcua-crypt-');
  afterAll(() => dir.remove());
  const secret = newSecret();
  const key = deriveKey(secret, 'database');

  it('writes a database that plain SQLite cannot read ("file is not a database"), nor a wrong key', () => {
    const file = join(dir.dir, 'enc.sqlite');
    const db = openDatabase(file, { key });
    db.run(`INSERT INTO meta (key, value) VALUES ('citizen', 'Đặng Thị Mai 001190012345')`);
    db.close();
    expect(readFileSync(file).includes(Buffer.from('001190012345'))).toBe(false);
    expect(readFileSync(file).subarray(0, 15).toString()).not.toBe('SQLite format 3');
    const plain = new PlainSqlite(file);
    expect(() => plain.prepare('SELECT * FROM meta').all()).toThrow(/file is not a database/);
    plain.close();
    expect(() => openDatabase(file, { key: deriveKey(newSecret(), 'database') })).toThrow(DatabaseKeyError);
    const again = openDatabase(file, { key });
    expect(again.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'citizen'`)?.value).toBe(
      'Đặng Thị Mai 001190012345',
    );
    again.close();
  });

  it('encrypts a database written before encryption in place, keeping its data', () => {
    const file = join(dir.dir, 'old.sqlite');
    const old = openDatabase(file);
    old.run(`INSERT INTO meta (key, value) VALUES ('citizen', 'Nguyễn Văn An 079085001234')`);
    old.close();
    expect(readFileSync(file).includes(Buffer.from('079085001234'))).toBe(true);
    const db = openDatabase(file, { key });
    expect(db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'citizen'`)?.value).toContain('079085001234');
    expect(db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode).toBe('wal');
    db.close();
    expect(readFileSync(file).includes(Buffer.from('079085001234'))).toBe(false);
    expect(() => new PlainSqlite(file).prepare('SELECT 1 FROM meta').all()).toThrow(/file is not a database/);
  });

  it('seals attachment bytes with AES-256-GCM under a separate derived key; one changed byte is refused', () => {
    const attachmentsKey = deriveKey(secret, 'attachments');
    expect(attachmentsKey.equals(key)).toBe(false);
    const pdf = Buffer.from('%PDF-1.7 Giấy khai sinh 001190012345');
    const sealed = sealFile(attachmentsKey, pdf, 'sha256-of-the-pdf');
    expect(sealed.includes(Buffer.from('001190012345'))).toBe(false);
    expect(openSealed(attachmentsKey, sealed, 'sha256-of-the-pdf').equals(pdf)).toBe(true);
    const flipped = Buffer.from(sealed);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    expect(() => openSealed(attachmentsKey, flipped, 'sha256-of-the-pdf')).toThrow();
    expect(() => openSealed(attachmentsKey, sealed, 'another-file')).toThrow();
    expect(() => openSealed(key, sealed, 'sha256-of-the-pdf')).toThrow();
    writeFileSync(join(dir.dir, 'a.bin'), sealed);
  });
});
