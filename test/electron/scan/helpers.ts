import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttachmentStore } from '../../../electron/backend/attachments/store';
import { openDatabase } from '../../../electron/backend/db/sqlite';
import { ScannerRegistry } from '../../../electron/backend/scan/registry';
import { ScanSessions } from '../../../electron/backend/scan/session';
import { formatInstant } from '../../../shared/calendar/time';
import type { DigitizationMetadata } from '../../../shared/scan/schema';
import { tempDir } from '../../helpers/backend';

/** A SANE configuration folder that enables only the `test` backend (the system one disables it). */
export function saneTestConfig(dir: string): string {
  const config = join(dir, 'sane.d');
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, 'dll.conf'), 'test\n');
  return config;
}

/** A real database, attachment store, registry and sessions in a temporary data folder. */
export function scanFixture(options: { freeSpace?: (dir: string) => Promise<number> } = {}) {
  const { dir, remove } = tempDir('motcua-scan-');
  const db = openDatabase(join(dir, 'db.sqlite'));
  const registry = new ScannerRegistry(db, { sane: { configDir: saneTestConfig(dir) }, wia: false });
  const sessions = new ScanSessions({
    dataDir: dir,
    scannerFor: (id) => registry.scannerFor(id),
    freeSpace: options.freeSpace,
  });
  const store = new AttachmentStore(dir);
  return {
    dir,
    db,
    registry,
    sessions,
    store,
    now: () => Date.parse('2026-03-02T09:00:00+07:00'),
    dispose: async () => {
      await sessions.closeAll();
      db.close();
      remove();
    },
  };
}

export const untranslated = (e: { code: string }) => ({ code: e.code, message: e.code });

export function metadata(overrides: Partial<DigitizationMetadata> = {}): DigitizationMetadata {
  return {
    componentCode: 'TK01',
    componentName: 'Tờ khai đăng ký kết hôn',
    ownerIdNumber: '001090001234',
    documentNumber: null,
    issueDate: null,
    issuer: null,
    summary: null,
    validUntil: null,
    kind: 'intake',
    digitizedBy: 'canbo01',
    ...overrides,
  };
}

export const at = (ms: number) => formatInstant(ms);
