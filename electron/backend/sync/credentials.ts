import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the device credential (`<deviceId>.<secret>`, the Bearer token of every sync request) is
 * kept. The shell decides: Electron seals it with safeStorage (electron/main/sync-credentials.ts);
 * the web host and tests keep it in a 0600 file in the data folder.
 */
export interface CredentialStore {
  read(): string | null;
  /** Stores the token, or forgets it (null). */
  write(token: string | null): void;
}

export const credentialFileName = 'sync-credential';

/** A file readable by this OS user only, replaced atomically. */
export function fileCredentialStore(dataDir: string): CredentialStore {
  const file = join(dataDir, credentialFileName);
  return {
    read: () => (existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null),
    write: (token) => {
      if (token === null) {
        rmSync(file, { force: true });
        return;
      }
      const temp = `${file}.tmp`;
      writeFileSync(temp, token, { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, file);
    },
  };
}

/** Kept in memory only (tests). */
export function memoryCredentialStore(initial: string | null = null): CredentialStore {
  let token = initial;
  return {
    read: () => token,
    write: (value) => {
      token = value;
    },
  };
}
