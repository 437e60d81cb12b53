/**
 * Working time between two far-apart instants in O(1) after a one-off table: the engine's
 * `workingTimeBetween` walks every date, which costs milliseconds for a dossier overdue for years
 * (the drill-down of "overdue" lists the oldest first). Cumulative working minutes per date are kept
 * per calendar and working-hours schedule; the two partial days at the ends use the engine itself, so
 * the result is the engine's, only faster.
 */
import type { WorkingCalendar } from '../calendar/calendar';
import type { WorkSchedule } from '../calendar/schema';
import {
  addDays,
  dateOfDayNumber,
  dayNumber,
  type LocalDate,
  localDateOf,
  MINUTE_MS,
  startOfLocalDay,
} from '../calendar/time';
import { workingTimeBetween } from '../deadline/engine';

const BASE_DAY = dayNumber('1990-01-01');

interface Table {
  cal: WorkingCalendar;
  /** cumulative[i] = working ms of the days [BASE_DAY, BASE_DAY + i). */
  cumulative: number[];
}

const tables = new WeakMap<WorkingCalendar, Map<string, Table>>();

function table(base: WorkingCalendar, schedule: WorkSchedule | null): Table {
  let bySchedule = tables.get(base);
  if (!bySchedule) {
    bySchedule = new Map();
    tables.set(base, bySchedule);
  }
  const key = schedule ? JSON.stringify(schedule) : '';
  let t = bySchedule.get(key);
  if (!t) {
    t = { cal: schedule ? base.withSchedule(schedule) : base, cumulative: [0] };
    bySchedule.set(key, t);
  }
  return t;
}

function before(t: Table, date: LocalDate): number {
  const index = dayNumber(date) - BASE_DAY;
  if (index < 0) throw new RangeError(`before ${dateOfDayNumber(BASE_DAY)}: ${date}`);
  while (t.cumulative.length <= index) {
    const i = t.cumulative.length - 1;
    const periods = t.cal.periodsOn(dateOfDayNumber(BASE_DAY + i));
    let day = 0;
    for (const [s, e] of periods) day += (e - s) * MINUTE_MS;
    t.cumulative.push((t.cumulative[i] ?? 0) + day);
  }
  return t.cumulative[index] ?? 0;
}

/** Working time (ms) from `from` to `to` by the base calendar with a dossier's schedule snapshot; negative when reversed. */
export function fastWorkingTimeBetween(
  base: WorkingCalendar,
  schedule: WorkSchedule | null,
  from: number,
  to: number,
): number {
  if (to < from) return -fastWorkingTimeBetween(base, schedule, to, from);
  const t = table(base, schedule);
  const first = localDateOf(from);
  const last = localDateOf(to);
  if (dayNumber(last) - dayNumber(first) <= 2 || dayNumber(first) < BASE_DAY)
    return workingTimeBetween(t.cal, from, to);
  const next = addDays(first, 1);
  return (
    workingTimeBetween(t.cal, from, startOfLocalDay(next)) +
    (before(t, last) - before(t, next)) +
    workingTimeBetween(t.cal, startOfLocalDay(last), to)
  );
}
