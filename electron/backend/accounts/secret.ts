import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * The installation's secret (32 random bytes) protects the data at rest. Two keys are derived from it
 * with HKDF-SHA256, one per use, so neither can be turned into the other:
 * - `database`: the SQLCipher key of motcua.sqlite (electron/backend/db/sqlite.ts);
 * - `attachments`: AES-256-GCM for attachment files (sealFile/openSealed below).
 *
 * Where the secret lives:
 * - the Electron shell keeps it encrypted with the OS keystore through safeStorage (DPAPI on Windows,
 *   Keychain on macOS, libsecret/kwallet on Linux) in `<userData>/motcua.secret`; Linux's
 *   'basic_text' backend is refused (it encrypts with a hard-coded password, i.e. not at all);
 * - the web host (a browser on this computer, used for tests and demos) keeps it in a 0600 file
 *   `<data>/motcua.key`: weaker, since anyone who can read the data folder as this OS user has it.
 */
export const SECRET_BYTES = 32;

export type KeyUse = 'database' | 'attachments';

export function deriveKey(secret: Buffer, use: KeyUse): Buffer {
  if (secret.length !== SECRET_BYTES) throw new Error(`the secret must be ${SECRET_BYTES} bytes`);
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `motcua/${use}/v1`, 32));
}

export function newSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

export const keyFileName = 'motcua.key';

/**
 * The web host's secret: read from a 0600 key file, created on first use. A file readable by other
 * users is refused rather than trusted.
 */
export function loadOrCreateKeyFile(file: string): Buffer {
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}): chmod 600 it`);
    }
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (secret.length !== SECRET_BYTES) throw new Error(`${file} does not hold a ${SECRET_BYTES}-byte key`);
    return secret;
  }
  const secret = newSecret();
  writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

const MAGIC = Buffer.from('MCA1');

/** AES-256-GCM: `MCA1` + 12-byte nonce + ciphertext + 16-byte tag; `context` (e.g. the SHA-256) is bound as AAD. */
export function sealFile(key: Buffer, plain: Buffer, context = ''): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
}

/** Opens what sealFile wrote; throws when the key, the context or a single byte is wrong. */
export function openSealed(key: Buffer, sealed: Buffer, context = ''): Buffer {
  if (sealed.length < MAGIC.length + 12 + 16 || !sealed.subarray(0, 4).equals(MAGIC)) {
    throw new Error('not a sealed file');
  }
  const nonce = sealed.subarray(4, 16);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(16, sealed.length - 16)), decipher.final()]);
}

export function isSealed(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.subarray(0, 4).equals(MAGIC);
}
