import type { Database } from './sqlite';

/** Small key/value settings of this installation (device identity, clocks, numbering, calendar). */
export function getMeta(db: Database, key: string): string | undefined {
  return db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)?.value;
}

export function setMeta(db: Database, key: string, value: string): void {
  db.run(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    value,
  );
}

export function getMetaJson<T>(db: Database, key: string): T | undefined {
  const value = getMeta(db, key);
  return value === undefined ? undefined : (JSON.parse(value) as T);
}

export function setMetaJson(db: Database, key: string, value: unknown): void {
  setMeta(db, key, JSON.stringify(value));
}
