import { hash } from 'node:crypto';

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
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Most objects are written with their keys in order already: sorting is skipped for them.
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys.sort();
      break;
    }
  }
  out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key);
    out += ':';
    out += canonicalJson(member);
  }
  return `${out}}`;
}

/** Member names as JSON strings: a payload's names are few, and quoting each again is a native call. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 4096) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** The first link of every chain: 64 zeros. */
export const GENESIS = '0'.repeat(64);

/** hash_i = SHA-256(hash_{i-1} || canonical JSON of entry i), hex. */
export function chainHash(previous: string, entry: unknown): string {
  return linkHash(previous, canonicalJson(entry));
}

/** SHA-256(previous || canonical text), hex: the link of an entry whose canonical JSON is already written. */
export function linkHash(previous: string, canonicalText: string): string {
  // One-shot hashing (no Hash object per event: 1.2 instead of 1.9 us for a receipt).
  return hash('sha256', previous + canonicalText, 'hex');
}

/** The fields of an event the audit chain covers besides its payload. */
export interface ChainedEnvelope {
  id: string;
  dossierId: string;
  type: string;
  hlc: string;
  wallTime: string;
  actor: { userId: string; officeId: string };
  deviceId: string;
}

const q = JSON.stringify;

/**
 * The canonical JSON of an event as the chain hashes it: `canonicalJson` of
 * { id, dossierId, type, hlc, wallTime, actor: { userId, officeId }, deviceId, payload }, written around
 * the payload's canonical text with the envelope's keys already in sorted order (nothing to sort for
 * the fields every event has: this runs for every event stored).
 */
export function canonicalEventJson(event: ChainedEnvelope, canonicalPayload: string): string {
  return `{"actor":{"officeId":${q(event.actor.officeId)},"userId":${q(event.actor.userId)}},"deviceId":${q(event.deviceId)},"dossierId":${q(event.dossierId)},"hlc":${q(event.hlc)},"id":${q(event.id)},"payload":${canonicalPayload},"type":${q(event.type)},"wallTime":${q(event.wallTime)}}`;
}
