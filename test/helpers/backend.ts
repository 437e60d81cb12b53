import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { type Backend, openBackend } from '../../electron/backend/backend';

export const repoRoot = resolve(__dirname, '..', '..');
export const assetsDir = join(repoRoot, 'assets');
export const silentLog = pino({ level: 'silent' });

export function tempDir(prefix = 'motcua-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real back end (SQLite file, migrations, sample catalogue) in a fresh temporary data folder. */
export function openTestBackend(
  options: { now?: () => number } = {},
): Backend & { dataDir: string; dispose: () => void } {
  const { dir, remove } = tempDir();
  const backend = openBackend({
    dataDir: dir,
    assetsDir,
    version: '0.0.0-test',
    log: silentLog,
    sampleData: true,
    ...options,
  });
  return {
    ...backend,
    dataDir: dir,
    dispose: () => {
      backend.close();
      remove();
    },
  };
}
