import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { CredentialStore } from '../backend/sync/credentials';

export const sealedCredentialFileName = 'sync-credential.sealed';

/**
 * The device credential sealed by the OS keystore through safeStorage (DPAPI, Keychain, libsecret),
 * in a 0600 file beside the database; the back end only sees the CredentialStore interface.
 */
export function safeStorageCredentialStore(safeStorage: SafeStorage, dataDir: string): CredentialStore {
  const file = join(dataDir, sealedCredentialFileName);
  return {
    read: () => {
      if (!existsSync(file)) return null;
      try {
        return safeStorage.decryptString(readFileSync(file)) || null;
      } catch {
        return null;
      }
    },
    write: (token) => {
      if (token === null) {
        rmSync(file, { force: true });
        return;
      }
      const temp = `${file}.tmp`;
      writeFileSync(temp, safeStorage.encryptString(token), { mode: 0o600 });
      renameSync(temp, file);
    },
  };
}
