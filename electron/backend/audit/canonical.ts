import { hash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, undefined members left
 * out as JSON.stringify does. The same value always gives the same text, whatever order its keys
 * were written in, so a hash of it can be recomputed from what the database holds. Defined on JSON
 * values (what JSON.parse and the event schemas give).
 *
 * Every event is hashed as it is stored, so this runs for each pulled event. It hands V8's native
 * JSON.stringify the value with its members in sorted order: the objects whose keys were out of order
 * are copied in order (the others, and arrays of unchanged items, are used as they are). Writing the
 * text piece by piece allocated about 5 KB per event payload, this about 1 KB (BENCHMARKS.md, session 11).
 * An object with an array-index key ("0", "10") cannot be reordered that way, since JavaScript always
 * lists such keys first and in numeric order, nor can a member named "__proto__" be copied as a member:
 * values with either are written piece by piece (`concatenatedJson`).
 */
export function canonicalJson(value: unknown): string {
  const ordered = inKeyOrder(value);
  if (ordered === NEEDS_CONCATENATION) return concatenatedJson(value);
  return JSON.stringify(ordered) ?? 'null';
}

const NEEDS_CONCATENATION = Symbol('needs concatenation');

/**
 * `value` with every object's members in sorted key order, copying only what must change, or
 * NEEDS_CONCATENATION when an object has an array-index key or a member named "__proto__".
 */
function inKeyOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const ordered = inKeyOrder(item);
      if (ordered === NEEDS_CONCATENATION) return ordered;
      if (ordered !== item) {
        copy ??= value.slice();
        copy[i] = ordered;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (isArrayIndex(key) || key === '__proto__') return NEEDS_CONCATENATION;
    if (i > 0 && (keys[i - 1] as string) > key) inOrder = false;
  }
  if (!inOrder) sortKeys(keys);
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const member = record[key];
    const ordered = inKeyOrder(member);
    if (ordered === NEEDS_CONCATENATION) return ordered;
    if (!copy && (!inOrder || ordered !== member)) {
      // From here on the members go into a copy, in key order: the ones before this one first.
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j] as string] = record[keys[j] as string];
    }
    if (copy) copy[key] = ordered;
  }
  return copy ?? value;
}

/** Whether JavaScript treats `key` as an array index (listed before other keys, in numeric order). */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * Sorts member names in place by UTF-16 code units (what `<` compares): an insertion sort for the few
 * names of a payload's objects, which allocates nothing, and the built-in sort for many.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 32) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
}

/** Canonical JSON written piece by piece: for values with array-index keys or `__proto__` (see `canonicalJson`). */
function concatenatedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += concatenatedJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  sortKeys(keys);
  out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key);
    out += ':';
    out += concatenatedJson(member);
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
