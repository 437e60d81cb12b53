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
  // Built by concatenation (every event is hashed as it is stored: this runs for each pulled event).
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${canonicalJson(value[i])}`;
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  out = '{';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** The first link of every chain: 64 zeros. */
export const GENESIS = '0'.repeat(64);

/** hash_i = SHA-256(hash_{i-1} || canonical JSON of entry i), hex. */
export function chainHash(previous: string, entry: unknown): string {
  return createHash('sha256').update(previous, 'utf8').update(canonicalJson(entry), 'utf8').digest('hex');
}
