import type { WorkingCalendar } from '../../../shared/calendar/calendar';
import type { WorkSchedule } from '../../../shared/calendar/schema';
import { formatInstant } from '../../../shared/calendar/time';
import type { HandlersOf } from '../../../shared/contract/api';
import type { CalendarYear, calendarCalls, WorkScheduleView } from '../../../shared/contract/calendar';
import type { CallContext } from '../context';
import type { DossierStore } from '../dossier/store';
import { parseCalendarFile } from './file';
import type { CalendarStore } from './store';

const scheduleView = (s: WorkSchedule): WorkScheduleView => ({
  periods: s.periods.map((p) => ({ start: p.start, end: p.end })),
  weekendDays: [...s.weekendDays].sort((a, b) => a - b),
  effectiveFrom: s.effectiveFrom ?? null,
  source: s.source ?? null,
});

/** The calendar of a year: its dated entries, and the working hours in force (with changes in the year). */
export function calendarYear(calendar: WorkingCalendar, year: number): Omit<CalendarYear, 'loaded'> {
  const view = calendar.year(year);
  const first = `${year}-01-01`;
  const schedule = calendar.scheduleOn(first);
  const changes: WorkSchedule[] = [];
  let previous = schedule;
  // Schedules change on their effectiveFrom dates; walk the year's days to find those that take effect.
  for (const date of datesOf(year)) {
    const s = calendar.scheduleOn(date);
    if (s !== previous) {
      changes.push(s);
      previous = s;
    }
  }
  return {
    year,
    origin: view.origin,
    source: view.source ?? null,
    entries: view.entries.map((e) => ({
      date: e.date,
      kind: e.kind,
      ...(e.name ? { name: e.name } : {}),
      ...(e.source ? { source: e.source } : {}),
      ...(e.note ? { note: e.note } : {}),
    })),
    schedule: scheduleView(schedule),
    scheduleChanges: changes.map(scheduleView),
    weekendDays: scheduleView(schedule).weekendDays,
  };
}

function* datesOf(year: number): Generator<string> {
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let m = 1; m <= 12; m++) {
    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    for (let d = 1; d <= days; d++) yield `${year}-${pad(m)}-${pad(d)}`;
  }
}

export function calendarHandlers(
  calendars: CalendarStore,
  dossiers: DossierStore,
  now: () => number = Date.now,
): HandlersOf<typeof calendarCalls, CallContext> {
  return {
    'calendar.get': ({ year }) => ({ ...calendarYear(calendars.calendar(), year), loaded: calendars.origin() }),
    'calendar.import': ({ content, fileName }, ctx) => {
      const file = parseCalendarFile(content, ctx.language);
      const origin = { fileName: fileName ?? null, at: formatInstant(now()) };
      // The new calendar and the recomputed deadlines are written together, or not at all.
      const recomputed = calendars.replaceThen(file, origin, () => dossiers.refoldOpen());
      const schedules = (file.workingHours?.length ?? 0) + (file.workingPeriods ? 1 : 0);
      return {
        years: (file.years ?? []).map((y) => y.year).sort((a, b) => a - b),
        entries: (file.years ?? []).reduce((n, y) => n + y.entries.length, 0) + (file.entries?.length ?? 0),
        schedules,
        weekendDays: file.weekendDays ?? [0, 6],
        recomputed,
      };
    },
  };
}
