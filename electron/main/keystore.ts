import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { newSecret, SECRET_BYTES } from '../backend/accounts/secret';

/** The desktop's secret, sealed by the OS keystore through safeStorage, beside the database. */
export const secretFileName = 'motcua.secret';

export type KeystoreResult =
  | { ok: true; secret: Buffer; created: boolean }
  | { ok: false; reason: 'unavailable' | 'basic_text' | 'unreadable'; backend?: string };

/**
 * The secret that encrypts the database and attachments (electron/backend/accounts/secret.ts), kept
 * encrypted with Electron's safeStorage: DPAPI on Windows, the Keychain on macOS, libsecret or
 * kwallet on Linux. On Linux without a keyring safeStorage falls back to 'basic_text', which encrypts
 * with a password hard-coded in Chromium: the key would be as good as written in clear next to the
 * database, so that backend is refused and the shell tells the officer why instead of starting.
 */
export function loadSecret(safeStorage: SafeStorage, dataDir: string, platform = process.platform): KeystoreResult {
  if (!safeStorage.isEncryptionAvailable()) return { ok: false, reason: 'unavailable' };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return { ok: false, reason: 'basic_text', backend };
  }
  const file = join(dataDir, secretFileName);
  if (existsSync(file)) {
    try {
      const secret = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'hex');
      if (secret.length !== SECRET_BYTES) return { ok: false, reason: 'unreadable' };
      return { ok: true, secret, created: false };
    } catch {
      return { ok: false, reason: 'unreadable' };
    }
  }
  const secret = newSecret();
  writeFileSync(file, safeStorage.encryptString(secret.toString('hex')), { mode: 0o600, flag: 'wx' });
  return { ok: true, secret, created: true };
}
