/**
 * Offline-unique daily dossier numbers (DESIGN.md §5). The daily number space of one receiving
 * agency, 0001–9999, is split in two disjoint ranges:
 *
 * 1. Server range 0001–5999. The central server is the only one that hands these out, in blocks
 *    (default 50 numbers) per agency and day, sequentially. While online, a desktop keeps blocks for
 *    today and the next few days (`datesToRefill`), so it can keep numbering through an outage.
 *    The server's own intake (online channel) takes blocks of 1 from the same counter.
 * 2. Fallback range 6000–9999, partitioned among desktop slots. At enrolment the server gives each
 *    desktop of an agency a slot s (0 ≤ s < slotCount, unique within the agency). A desktop whose
 *    block for a day is missing or used up takes 6000 + s, 6000 + s + slotCount, … — numbers no
 *    other desktop can produce. With slotCount 40 that is 100 numbers per desktop per day.
 *
 * Two desktops therefore never produce the same number for the same agency and day: server blocks
 * are disjoint by the server's counter, fallback numbers are disjoint by slot, and the two ranges do
 * not meet. Everything here is a pure function over explicit, JSON-safe state.
 */
import type { LocalDate } from '../calendar/time';
import { DomainError } from '../i18n/domain-error';
import { formatDossierCode, MAX_DAILY_NUMBER } from './dossier-code';

export const SERVER_RANGE_END = 5999;
export const FALLBACK_RANGE_START = 6000;
export const DEFAULT_SLOT_COUNT = 40;
export const DEFAULT_BLOCK_SIZE = 50;

export interface NumberBlock {
  agencyId: string;
  date: LocalDate;
  /** First and last number of the block, inclusive. */
  from: number;
  to: number;
}

/** Server side: next free number of the server range per "agency|date". */
export interface ServerNumberingState {
  next: Record<string, number>;
}

export function emptyServerNumbering(): ServerNumberingState {
  return { next: {} };
}

/**
 * Reserves the next block of the server range for an agency and day. A block may be shorter than
 * asked near the end of the range; throws NUMBERING_SERVER_RANGE_FULL when nothing is left.
 */
export function reserveBlock(
  state: ServerNumberingState,
  req: { agencyId: string; date: LocalDate; size?: number },
): { state: ServerNumberingState; block: NumberBlock } {
  const key = `${req.agencyId}|${req.date}`;
  const from = state.next[key] ?? 1;
  if (from > SERVER_RANGE_END) {
    throw new DomainError('NUMBERING_SERVER_RANGE_FULL', { agencyId: req.agencyId, date: req.date });
  }
  const size = Math.max(1, Math.floor(req.size ?? DEFAULT_BLOCK_SIZE));
  const to = Math.min(SERVER_RANGE_END, from + size - 1);
  return {
    state: { next: { ...state.next, [key]: to + 1 } },
    block: { agencyId: req.agencyId, date: req.date, from, to },
  };
}

/** Desktop side. */
export interface DesktopNumberingState {
  agencyId: string;
  /** This desktop's fallback slot, given by the server at enrolment. */
  slot: number;
  slotCount: number;
  /** Reserved blocks with the next unused number of each. */
  blocks: Array<NumberBlock & { next: number }>;
  /** Fallback numbers used per date (k in 6000 + slot + k·slotCount). */
  fallbackUsed: Record<LocalDate, number>;
}

export function createDesktopNumbering(
  agencyId: string,
  slot: number,
  slotCount = DEFAULT_SLOT_COUNT,
): DesktopNumberingState {
  if (!Number.isInteger(slot) || !Number.isInteger(slotCount) || slot < 0 || slotCount < 1 || slot >= slotCount) {
    throw new DomainError('NUMBERING_SLOT_INVALID', { slot, slotCount });
  }
  return { agencyId, slot, slotCount, blocks: [], fallbackUsed: {} };
}

/** Adds blocks received from the server (blocks of another agency are ignored). */
export function addBlocks(state: DesktopNumberingState, blocks: readonly NumberBlock[]): DesktopNumberingState {
  const mine = blocks.filter((b) => b.agencyId === state.agencyId && b.from <= b.to && b.to <= SERVER_RANGE_END);
  const known = new Set(state.blocks.map((b) => `${b.date}|${b.from}`));
  return {
    ...state,
    blocks: [
      ...state.blocks,
      ...mine.filter((b) => !known.has(`${b.date}|${b.from}`)).map((b) => ({ ...b, next: b.from })),
    ],
  };
}

/** Numbers still free in this desktop's blocks for a date. */
export function blockNumbersLeft(state: DesktopNumberingState, date: LocalDate): number {
  return state.blocks.filter((b) => b.date === date).reduce((n, b) => n + (b.to - b.next + 1), 0);
}

/** Fallback numbers this desktop may still use on a date. */
export function fallbackNumbersLeft(state: DesktopNumberingState, date: LocalDate): number {
  const total = Math.floor((MAX_DAILY_NUMBER - FALLBACK_RANGE_START - state.slot) / state.slotCount) + 1;
  return Math.max(0, total - (state.fallbackUsed[date] ?? 0));
}

export interface NumberDraw {
  state: DesktopNumberingState;
  number: number;
  source: 'block' | 'fallback';
}

/** Takes the next number for a date: from a reserved block, else from this desktop's fallback slot. */
export function nextDossierNumber(state: DesktopNumberingState, date: LocalDate): NumberDraw {
  const idx = state.blocks.findIndex((b) => b.date === date && b.next <= b.to);
  const block = state.blocks[idx];
  if (block) {
    const blocks = state.blocks.slice();
    blocks[idx] = { ...block, next: block.next + 1 };
    return { state: { ...state, blocks }, number: block.next, source: 'block' };
  }
  const k = state.fallbackUsed[date] ?? 0;
  const number = FALLBACK_RANGE_START + state.slot + k * state.slotCount;
  if (number > MAX_DAILY_NUMBER) throw new DomainError('NUMBERING_EXHAUSTED', { date });
  return {
    state: { ...state, fallbackUsed: { ...state.fallbackUsed, [date]: k + 1 } },
    number,
    source: 'fallback',
  };
}

/** Takes the next number and formats the dossier code. */
export function nextDossierCode(
  state: DesktopNumberingState,
  date: LocalDate,
): { state: DesktopNumberingState; code: string; source: 'block' | 'fallback' } {
  const draw = nextDossierNumber(state, date);
  return {
    state: draw.state,
    code: formatDossierCode({ agencyId: state.agencyId, date, number: draw.number }),
    source: draw.source,
  };
}

/**
 * Dates (among `dates`, e.g. today and the next 3 days) whose blocks have fewer than `minFree`
 * numbers left: ask the server for a block for each while online.
 */
export function datesToRefill(state: DesktopNumberingState, dates: readonly LocalDate[], minFree = 20): LocalDate[] {
  return dates.filter((d) => blockNumbersLeft(state, d) < minFree);
}

/**
 * Drops blocks of dates before `date`. Fallback counters are kept: they are one small entry per day,
 * and dropping one would let a desktop whose clock was set back reuse a number of that day.
 */
export function pruneBefore(state: DesktopNumberingState, date: LocalDate): DesktopNumberingState {
  return { ...state, blocks: state.blocks.filter((b) => b.date >= date) };
}
