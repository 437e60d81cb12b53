import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** hex SHA-256. Secrets and enrolment codes are high-entropy random values: a plain hash is enough. */
export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A device credential: a UUID and 32 random bytes (base64url, 43 characters). */
export function newDeviceCredential(): { deviceId: string; secret: string; token: string; hash: string } {
  const deviceId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { deviceId, secret, token: `${deviceId}.${secret}`, hash: sha256Hex(secret) };
}

const BEARER_RE = /^Bearer\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})\s*$/;

/** `Authorization: Bearer <deviceId>.<secret>` → its parts, or null when it has another shape. */
export function parseBearer(header: string | undefined): { deviceId: string; secret: string } | null {
  if (!header) return null;
  const m = BEARER_RE.exec(header);
  return m?.[1] && m[2] ? { deviceId: m[1], secret: m[2] } : null;
}

/** Crockford base32: no I, L, O, U, so a code read aloud or typed is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code: 80 random bits as four groups of four characters, e.g. 7K2M-…. */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out.match(/.{4}/g)?.join('-') ?? out;
}

/** What is hashed: upper case, separators dropped, the letters people confuse mapped to digits. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
