/**
 * Vietnam local time, computed arithmetically. Vietnam uses a fixed UTC+7 offset (no daylight saving
 * since 1975), so nothing here reads the machine's time zone: instants are epoch milliseconds, local
 * dates are "YYYY-MM-DD" strings and local clock times are minutes after midnight.
 */
import { z } from 'zod';

export const VN_OFFSET_MINUTES = 7 * 60;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const OFFSET_MS = VN_OFFSET_MINUTES * MINUTE_MS;

/** A local (Vietnam) calendar date, "YYYY-MM-DD". */
export type LocalDate = string;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** True when y-m-d is a real Gregorian date. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (MONTH_DAYS[m - 1] ?? Number.NaN);
}

/** Days since 1970-01-01 of a local date. */
export function dayNumber(date: LocalDate): number {
  const m = LOCAL_DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!isRealDate(y, mo, d)) throw new RangeError(`not a date: ${date}`);
  return civilDayNumber(y, mo, d);
}

// Date arithmetic without Date objects (deadlines walk dates for every dossier folded): the proleptic
// Gregorian calendar in 400-year eras of 146,097 days, as in H. Hinnant, "chrono-Compatible Low-Level
// Date Algorithms" (days_from_civil / civil_from_days). Year 0 to 9999, as the dates are written.

/** Days since 1970-01-01 of a real Gregorian date. */
function civilDayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The local date with the given day number. */
export function dateOfDayNumber(n: number): LocalDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function makeDate(y: number, m: number, d: number): LocalDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday (as JavaScript's getDay). */
export function weekday(date: LocalDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isLocalDate(s: string): boolean {
  const m = LOCAL_DATE_RE.exec(s);
  return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export const localDateSchema = z.string().refine(isLocalDate, { message: 'YYYY-MM-DD' });

/** Local date and minute of day (0–1439) of an instant, in Vietnam. */
export function toLocal(ms: number): { date: LocalDate; minute: number; ms: number } {
  const local = ms + OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const within = local - day * DAY_MS;
  return { date: dateOfDayNumber(day), minute: Math.floor(within / MINUTE_MS), ms: within };
}

/** The instant of a local date at a local time of day (minutes, may carry a fraction). */
export function fromLocal(date: LocalDate, minute: number): number {
  return dayNumber(date) * DAY_MS + minute * MINUTE_MS - OFFSET_MS;
}

/** Start of a local day as an instant. */
export function startOfLocalDay(date: LocalDate): number {
  return fromLocal(date, 0);
}

/** "HH:MM" → minutes after midnight. */
export function parseClock(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`not a clock time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatClock(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(Math.floor(minute % 60))}`;
}

/**
 * Parses an instant. With an offset (`Z`, `+07:00`, `+0700`) it is exact; without one it is read as
 * Vietnam local time (never the machine's zone). Returns null when the text is not a real time.
 */
export function parseInstant(text: string): number | null {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] ? Number(m[6]) : 0;
  const frac = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMin = VN_OFFSET_MINUTES;
  const off = m[8];
  if (off === 'Z') offsetMin = 0;
  else if (off) {
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 14 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return civilDayNumber(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + frac - offsetMin * MINUTE_MS;
}

/** Like parseInstant but throws a RangeError. */
export function instantMs(text: string): number {
  const ms = parseInstant(text);
  if (ms === null) throw new RangeError(`not an instant: ${text}`);
  return ms;
}

/** ISO 8601 with the Vietnam offset, seconds precision: "2023-10-27T09:32:00+07:00". */
export function formatInstant(ms: number): string {
  const { date, ms: within } = toLocal(ms);
  const totalSec = Math.floor(within / 1000);
  const h = Math.floor(totalSec / 3600);
  const mi = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  return `${date}T${pad(h)}:${pad(mi)}:${pad(s)}+07:00`;
}

/** Local time, minute precision, no offset: "2023-11-03T09:32". */
export function formatLocalMinute(ms: number): string {
  const { date, minute } = toLocal(ms);
  return `${date}T${formatClock(minute)}`;
}

/** Local date of an instant in Vietnam. */
export function localDateOf(ms: number): LocalDate {
  return toLocal(ms).date;
}

/** An ISO 8601 instant that carries its offset (JSON-safe legal time). */
export const instantSchema = z.iso.datetime({ offset: true });
