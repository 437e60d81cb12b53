import { generateYear } from './generator';
import {
  type CalendarEntry,
  type CalendarFile,
  DEFAULT_WORK_SCHEDULE,
  type WorkingPeriod,
  type WorkSchedule,
} from './schema';
import { type LocalDate, parseClock, weekday } from './time';

export interface YearView {
  year: number;
  /** 'generated' from the Labor Code rules, or 'official' when a yearly table was loaded. */
  origin: 'generated' | 'official';
  source: string | undefined;
  entries: CalendarEntry[];
}

/** Working periods of a day as [start, end) minutes after local midnight. */
export type DayPeriods = ReadonlyArray<readonly [number, number]>;

/**
 * A working calendar: which dates are working days and the working periods of each. Pure and
 * JSON-free; build one with `createCalendar` from a calendar file.
 */
export interface WorkingCalendar {
  /** The dated entry on a date (HOLIDAY, COMPENSATORY, SWAP_OFF, SWAP_WORKDAY), if any. */
  entryOn(date: LocalDate): CalendarEntry | undefined;
  /** The table of a year (official when loaded, else generated) with single-entry overrides applied. */
  year(year: number): YearView;
  /** The working-hours schedule in force on a date. */
  scheduleOn(date: LocalDate): WorkSchedule;
  isWorkingDate(date: LocalDate): boolean;
  /** Working periods of the date in minutes, empty on a non-working date. */
  periodsOn(date: LocalDate): DayPeriods;
  /** The same holidays with one fixed schedule (a dossier's snapshot taken at receipt). */
  withSchedule(schedule: WorkSchedule): WorkingCalendar;
}

function toMinutes(periods: readonly WorkingPeriod[]): DayPeriods {
  return periods.map((p) => [parseClock(p.start), parseClock(p.end)] as const).sort((a, b) => a[0] - b[0]);
}

function byDate(a: CalendarEntry, b: CalendarEntry): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Builds the calendar from a (parsed) calendar file. Holidays of a year come from the official
 * table for that year when present, else from the Labor Code generator; `entries` then override
 * by date.
 */
export function createCalendar(file: CalendarFile = {}, fixedSchedule?: WorkSchedule): WorkingCalendar {
  const weekendDays = file.weekendDays ?? DEFAULT_WORK_SCHEDULE.weekendDays;
  const schedules: WorkSchedule[] = [];
  if (file.workingPeriods || file.weekendDays) {
    schedules.push({
      periods: file.workingPeriods ?? DEFAULT_WORK_SCHEDULE.periods,
      weekendDays,
      effectiveFrom: '0001-01-01',
      source: 'calendar file',
    });
  }
  for (const s of file.workingHours ?? []) schedules.push({ ...s, weekendDays: s.weekendDays ?? weekendDays });
  schedules.sort((a, b) => ((a.effectiveFrom ?? '0000') < (b.effectiveFrom ?? '0000') ? -1 : 1));
  const fallback: WorkSchedule = { ...DEFAULT_WORK_SCHEDULE, weekendDays };

  const official = new Map<number, { source: string | undefined; entries: CalendarEntry[] }>();
  for (const t of file.years ?? []) official.set(t.year, { source: t.source, entries: t.entries });
  const overrides = new Map<LocalDate, CalendarEntry>();
  for (const e of file.entries ?? []) overrides.set(e.date, e);

  const yearCache = new Map<number, { view: YearView; byDate: Map<LocalDate, CalendarEntry> }>();
  const loadYear = (y: number) => {
    let cached = yearCache.get(y);
    if (!cached) {
      const off = official.get(y);
      const base = off ? off.entries : generateYear(y, weekendDays);
      const map = new Map<LocalDate, CalendarEntry>();
      for (const e of base) map.set(e.date, e);
      for (const [d, e] of overrides) if (Number(d.slice(0, 4)) === y) map.set(d, e);
      const view: YearView = {
        year: y,
        origin: off ? 'official' : 'generated',
        source: off ? off.source : 'Bộ luật Lao động 2019, Điều 112 (lịch sinh tự động)',
        entries: [...map.values()].sort(byDate),
      };
      cached = { view, byDate: map };
      yearCache.set(y, cached);
    }
    return cached;
  };

  const entryOn = (date: LocalDate): CalendarEntry | undefined => {
    const y = Number(date.slice(0, 4));
    const own = loadYear(y).byDate.get(date);
    if (own) return own;
    // An official table may list a day of the neighbouring year (announcements cross 31/12).
    for (const ny of [y - 1, y + 1]) {
      if (official.has(ny)) {
        const e = loadYear(ny).byDate.get(date);
        if (e) return e;
      }
    }
    return undefined;
  };

  const periodCache = new WeakMap<WorkSchedule, DayPeriods>();
  const periodsOf = (s: WorkSchedule): DayPeriods => {
    let p = periodCache.get(s);
    if (!p) {
      p = toMinutes(s.periods);
      periodCache.set(s, p);
    }
    return p;
  };

  // The holiday tables above are shared by every view; a view only fixes the working hours.
  const build = (fixed: WorkSchedule | undefined): WorkingCalendar => {
    const scheduleOn = (date: LocalDate): WorkSchedule => {
      if (fixed) return fixed;
      let found: WorkSchedule | undefined;
      for (const s of schedules) if ((s.effectiveFrom ?? '0000') <= date) found = s;
      return found ?? schedules[0] ?? fallback;
    };
    // Answered once per date and view: every deadline computed walks the same few weeks of dates.
    const working = new Map<LocalDate, boolean>();
    const isWorkingDate = (date: LocalDate): boolean => {
      let answer = working.get(date);
      if (answer === undefined) {
        const e = entryOn(date);
        answer = e ? e.kind === 'SWAP_WORKDAY' : !scheduleOn(date).weekendDays.includes(weekday(date));
        working.set(date, answer);
      }
      return answer;
    };
    return {
      entryOn,
      year: (y) => loadYear(y).view,
      scheduleOn,
      isWorkingDate,
      periodsOn: (date) => (isWorkingDate(date) ? periodsOf(scheduleOn(date)) : []),
      withSchedule: (schedule) => {
        const key = JSON.stringify(schedule);
        let view = views.get(key);
        if (!view) {
          view = build(schedule);
          views.set(key, view);
        }
        return view;
      },
    };
  };
  // One view per distinct schedule (dossiers share a handful of snapshots): the same object each time, so
  // what is cached per calendar (the engine's cumulative working time) is shared by every dossier using it.
  const views = new Map<string, WorkingCalendar>();
  return build(fixedSchedule);
}
