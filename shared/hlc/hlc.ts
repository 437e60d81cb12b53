/**
 * Hybrid logical clock (Kulkarni et al.), pure: the physical time is always passed in (`now`, epoch
 * ms). Encoded as a fixed-width string that sorts lexicographically in causal order:
 *   "<ms, 15 decimal digits>-<counter, 6 base-36 digits>-<node id>"
 * e.g. "001698373920000-000000-desk-7f3a". Events are ordered by HLC, then by event id.
 */
import { DomainError } from '../i18n/domain-error';

export interface Hlc {
  /** Physical component, epoch ms. */
  ms: number;
  /** Logical counter within the same ms. */
  counter: number;
  /** The clock's owner (device id), tie-breaker. */
  node: string;
}

const MS_WIDTH = 15;
const COUNTER_WIDTH = 6;
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;
const HLC_RE = /^(\d{15})-([0-9a-z]{6})-([^\s]{1,64})$/;
/** Default tolerance before a received clock far ahead of ours is refused (5 minutes). */
export const DEFAULT_MAX_DRIFT_MS = 5 * 60_000;

export function hlcInit(node: string, now = 0): Hlc {
  if (!/^[^\s-][^\s]{0,63}$/.test(node)) throw new DomainError('HLC_INVALID', { value: node });
  return { ms: now, counter: 0, node };
}

export function encodeHlc(h: Hlc): string {
  return `${String(h.ms).padStart(MS_WIDTH, '0')}-${h.counter.toString(36).padStart(COUNTER_WIDTH, '0')}-${h.node}`;
}

export function decodeHlc(text: string): Hlc {
  const m = HLC_RE.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) throw new DomainError('HLC_INVALID', { value: text });
  return { ms: Number(m[1]), counter: Number.parseInt(m[2], 36), node: m[3] };
}

export function isHlc(text: string): boolean {
  return HLC_RE.test(text);
}

/** Total order of encoded clocks (plain string order, by construction). */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bump(ms: number, counter: number, node: string): Hlc {
  if (counter > MAX_COUNTER) return { ms: ms + 1, counter: 0, node };
  return { ms, counter, node };
}

/** A local event or send: returns the new clock, whose encoding stamps the event. */
export function hlcTick(clock: Hlc, now: number): Hlc {
  if (now > clock.ms) return { ms: now, counter: 0, node: clock.node };
  return bump(clock.ms, clock.counter + 1, clock.node);
}

/**
 * Merges a received timestamp. Refuses (HLC_CLOCK_DRIFT) a remote clock more than `maxDriftMs` ahead
 * of `now`: legal times depend on the desktop clocks, so the officer must be warned.
 */
export function hlcReceive(clock: Hlc, remote: string | Hlc, now: number, maxDriftMs = DEFAULT_MAX_DRIFT_MS): Hlc {
  const r = typeof remote === 'string' ? decodeHlc(remote) : remote;
  if (r.ms - now > maxDriftMs) throw new DomainError('HLC_CLOCK_DRIFT', { driftMs: r.ms - now, maxDriftMs });
  const ms = Math.max(clock.ms, r.ms, now);
  let counter: number;
  if (ms === clock.ms && ms === r.ms) counter = Math.max(clock.counter, r.counter) + 1;
  else if (ms === clock.ms) counter = clock.counter + 1;
  else if (ms === r.ms) counter = r.counter + 1;
  else counter = 0;
  return bump(ms, counter, clock.node);
}
