import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, undefined members left
 * out as JSON.stringify does. The same value always gives the same text, whatever order its keys
 * were written in, so a hash of it can be recomputed from what the database holds.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The first link of every chain: 64 zeros. */
export const GENESIS = '0'.repeat(64);

/** hash_i = SHA-256(hash_{i-1} || canonical JSON of entry i), hex. */
export function chainHash(previous: string, entry: unknown): string {
  return createHash('sha256').update(previous, 'utf8').update(canonicalJson(entry), 'utf8').digest('hex');
}
