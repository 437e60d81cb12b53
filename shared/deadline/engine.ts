/**
 * The deadline engine (DESIGN.md §2 "Deadlines"). Pure functions over a WorkingCalendar and epoch
 * milliseconds; nothing is stored, so a calendar correction or a late-arriving event simply gives a
 * new result when the dossier's history is folded again.
 *
 * Conventions:
 * - a working period is [start, end): a receipt at 11:30 or 17:00 sharp starts the clock at the next
 *   period;
 * - working-days durations end at the same clock time N working days later (the fractional part of a
 *   value is added as working hours, 1 day = 8 h); the result is never the end instant of a period
 *   (a sum that lands on 11:30 is reported as 13:30, the same working instant);
 * - same-day durations end at the close of the day's last working period (e.g. 17:00);
 * - pauses move the due time by the working time they cover.
 */

import type { WorkingCalendar } from '../calendar/calendar';
import {
  addDays,
  DAY_MS,
  dateOfDayNumber,
  dayNumber,
  fromLocal,
  type LocalDate,
  localDateOf,
  MINUTE_MS,
  parseClock,
  toLocal,
} from '../calendar/time';
import { DomainError } from '../i18n/domain-error';
import type { Duration } from './duration';

export const WORKING_DAY_MINUTES = 8 * 60;
const MAX_SCAN_DAYS = 3700;

export interface PauseInterval {
  /** Epoch ms the clock stopped. */
  from: number;
  /** Epoch ms it restarted; null while still paused. */
  to: number | null;
}

export interface DeadlineInput {
  receivedAt: number;
  duration: Duration;
  pauses?: readonly PauseInterval[];
  /** An apology & extension: the new due time replaces the computed one; later pauses still move it. */
  extension?: { issuedAt: number; newDueAt: number } | null;
  /** Where an open pause is measured to (default: not counted). */
  now?: number;
}

export interface DeadlineResult {
  /** When the clock started (the receipt, or the next working period). */
  clockStartAt: number;
  /** Due time before pauses and extension; null for durations of unit "none". */
  baseDueAt: number | null;
  /** The due time in force; null when the procedure has no deadline. */
  dueAt: number | null;
  /** Working time (ms) covered by the pauses that moved the due time. */
  pausedWorkingMs: number;
}

export type Timeliness = 'early' | 'on-time' | 'late';

function noWorkingTime(from: number): DomainError {
  return new DomainError('CALENDAR_NO_WORKING_TIME', { days: MAX_SCAN_DAYS, from: localDateOf(from) });
}

/** Absolute [start, end) ms of the working periods of a date. */
function periodsAt(cal: WorkingCalendar, date: LocalDate): Array<[number, number]> {
  const periods = cal.periodsOn(date);
  if (periods.length === 0) return [];
  const midnight = fromLocal(date, 0);
  return periods.map(([s, e]) => [midnight + s * MINUTE_MS, midnight + e * MINUTE_MS]);
}

/** The instant itself when it is inside a working period, else the start of the next period. */
export function clockStart(cal: WorkingCalendar, at: number): number {
  let date = localDateOf(at);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    for (const [s, e] of periodsAt(cal, date)) if (at < e) return Math.max(at, s);
    date = addDays(date, 1);
  }
  throw noWorkingTime(at);
}

/** True when the instant lies within a working period (start and end included). */
export function isWithinWorkingTime(cal: WorkingCalendar, at: number): boolean {
  return periodsAt(cal, localDateOf(at)).some(([s, e]) => at >= s && at <= e);
}

export function nextWorkingDate(cal: WorkingCalendar, date: LocalDate): LocalDate {
  let d = addDays(date, 1);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    if (cal.isWorkingDate(d)) return d;
    d = addDays(d, 1);
  }
  throw new DomainError('CALENDAR_NO_WORKING_TIME', { days: MAX_SCAN_DAYS, from: date });
}

/** The n-th working date after `date` (n ≥ 0; n = 0 gives `date`). */
export function addWorkingDays(cal: WorkingCalendar, date: LocalDate, n: number): LocalDate {
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkingDate(cal, d);
  return d;
}

/** Adds working time (ms) to an instant; the result never sits on the end of a period. */
export function addWorkingTime(cal: WorkingCalendar, at: number, workMs: number): number {
  let pos = clockStart(cal, at);
  let remaining = Math.max(0, workMs);
  let date = localDateOf(pos);
  for (let i = 0; i < MAX_SCAN_DAYS + workMs / DAY_MS; i++) {
    for (const [s, e] of periodsAt(cal, date)) {
      if (e <= pos) continue;
      const start = Math.max(pos, s);
      const avail = e - start;
      if (remaining < avail) return start + remaining;
      remaining -= avail;
      pos = e;
    }
    date = addDays(date, 1);
  }
  throw noWorkingTime(at);
}

/** Working time (ms) of the part of [from, to] inside the working periods of the dates first..last. */
function walkWorkingTime(cal: WorkingCalendar, from: number, to: number, first: LocalDate, last: LocalDate): number {
  let total = 0;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const [s, e] of periodsAt(cal, date)) {
      const a = Math.max(s, from);
      const b = Math.min(e, to);
      if (b > a) total += b - a;
    }
  }
  return total;
}

/** Day number of the first date of the cumulative tables (earlier spans are walked date by date). */
const CUMULATIVE_BASE = dayNumber('1990-01-01');
/**
 * Per calendar: cumulative[i] = working ms of the whole dates [base, base + i), grown on demand. A
 * calendar is immutable (a correction builds a new one), so its table never goes stale.
 */
const cumulativeTables = new WeakMap<WorkingCalendar, number[]>();

function workingBefore(cal: WorkingCalendar, day: number): number {
  let table = cumulativeTables.get(cal);
  if (!table) {
    table = [0];
    cumulativeTables.set(cal, table);
  }
  const index = day - CUMULATIVE_BASE;
  while (table.length <= index) {
    const i = table.length - 1;
    let work = 0;
    for (const [s, e] of cal.periodsOn(dateOfDayNumber(CUMULATIVE_BASE + i))) work += (e - s) * MINUTE_MS;
    table.push((table[i] as number) + work);
  }
  return table[index] as number;
}

/**
 * Working time (ms) between two instants; negative when `to` is before `from`. Spans of more than a
 * few days add up whole dates from a cumulative table per calendar (O(1) once built), so the time left
 * of a dossier late for years costs no more than that of one due tomorrow; the two end dates are walked.
 */
export function workingTimeBetween(cal: WorkingCalendar, from: number, to: number): number {
  if (to < from) return -workingTimeBetween(cal, to, from);
  const first = localDateOf(from);
  const last = localDateOf(to);
  const firstDay = dayNumber(first);
  const lastDay = dayNumber(last);
  if (lastDay - firstDay <= 4 || firstDay < CUMULATIVE_BASE) return walkWorkingTime(cal, from, to, first, last);
  return (
    walkWorkingTime(cal, from, to, first, first) +
    (workingBefore(cal, lastDay) - workingBefore(cal, firstDay + 1)) +
    walkWorkingTime(cal, from, to, last, last)
  );
}

/** Merges overlapping pauses and clips them to start no earlier than `notBefore`. */
export function normalisePauses(
  pauses: readonly PauseInterval[],
  notBefore: number,
  now: number | undefined,
): Array<[number, number]> {
  const closed = pauses
    .map((p) => [Math.max(p.from, notBefore), p.to ?? Math.max(p.from, now ?? p.from)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const iv of closed) {
    const top = merged[merged.length - 1];
    if (top && iv[0] <= top[1]) top[1] = Math.max(top[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/** End of the last working period of a date (ms). */
function closeOf(cal: WorkingCalendar, date: LocalDate): number | null {
  const p = cal.periodsOn(date);
  const last = p[p.length - 1];
  return last ? fromLocal(date, last[1]) : null;
}

/**
 * "Same day, next working day if received after the cut-off": the close of the receipt day when it
 * is a working day and the receipt is not after the cut-off nor after closing time, else the close
 * of the next working day.
 */
export function sameDayDue(cal: WorkingCalendar, receivedAt: number, cutoff: string): number {
  const date = localDateOf(receivedAt);
  const close = closeOf(cal, date);
  if (close !== null && receivedAt <= fromLocal(date, parseClock(cutoff)) && receivedAt < close) return close;
  const next = nextWorkingDate(cal, date);
  const nextClose = closeOf(cal, next);
  if (nextClose === null) throw noWorkingTime(receivedAt);
  return nextClose;
}

/**
 * When the receiving counter must hand a paper dossier on: the same working day, or the next working
 * day when received after 15:00 (DESIGN.md §2 "Transfer"). Electronic transfer is immediate.
 */
export function receptionHandOffDue(cal: WorkingCalendar, receivedAt: number, cutoff = '15:00'): number {
  return sameDayDue(cal, receivedAt, cutoff);
}

/** Due time before pauses. */
export function baseDue(cal: WorkingCalendar, receivedAt: number, duration: Duration): number | null {
  switch (duration.unit) {
    case 'none':
      return null;
    case 'same-day':
      return sameDayDue(cal, receivedAt, duration.cutoff);
    case 'calendar-days': {
      const start = clockStart(cal, receivedAt);
      const local = toLocal(start);
      let d = addDays(local.date, duration.value);
      while (!cal.isWorkingDate(d)) d = addDays(d, 1);
      return clockStart(cal, fromLocal(d, 0) + local.ms);
    }
    case 'working-days': {
      const start = clockStart(cal, receivedAt);
      const whole = Math.floor(duration.value);
      const fractionMinutes = Math.round((duration.value - whole) * WORKING_DAY_MINUTES);
      const local = toLocal(start);
      const day = addWorkingDays(cal, local.date, whole);
      const sameClock = clockStart(cal, fromLocal(day, 0) + local.ms);
      return fractionMinutes > 0 ? addWorkingTime(cal, sameClock, fractionMinutes * MINUTE_MS) : sameClock;
    }
  }
}

/** The due time in force: base (or extension) moved by the working time of the pauses. */
export function computeDeadline(cal: WorkingCalendar, input: DeadlineInput): DeadlineResult {
  const clockStartAt = clockStart(cal, input.receivedAt);
  const base = baseDue(cal, input.receivedAt, input.duration);
  if (base === null) return { clockStartAt, baseDueAt: null, dueAt: null, pausedWorkingMs: 0 };
  const from = input.extension ? input.extension.issuedAt : input.receivedAt;
  const start = input.extension ? input.extension.newDueAt : base;
  const pauses = normalisePauses(input.pauses ?? [], from, input.now);
  let paused = 0;
  for (const [a, b] of pauses) paused += workingTimeBetween(cal, a, b);
  const dueAt = paused > 0 ? addWorkingTime(cal, start, paused) : start;
  return { clockStartAt, baseDueAt: base, dueAt, pausedWorkingMs: paused };
}

/** Early / on time / late, comparing local dates only (DESIGN.md §2). */
export function timeliness(completedAt: number, dueAt: number): Timeliness {
  const c = localDateOf(completedAt);
  const d = localDateOf(dueAt);
  return c < d ? 'early' : c === d ? 'on-time' : 'late';
}

/**
 * Working time left until the due time (ms), negative once overdue. While paused (`pausedSince`),
 * the clock is frozen at the pause's start.
 */
export function remainingWorkingTime(
  cal: WorkingCalendar,
  dueAt: number,
  now: number,
  pausedSince: number | null = null,
): number {
  const at = pausedSince !== null && pausedSince <= now ? pausedSince : now;
  return workingTimeBetween(cal, at, dueAt);
}
