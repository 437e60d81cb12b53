import { z } from 'zod';

/** A dated calendar entry as the UI shows it (the kind already normalised to upper case). */
export const calendarEntryViewSchema = z.object({
  date: z.string(),
  kind: z.enum(['HOLIDAY', 'COMPENSATORY', 'SWAP_OFF', 'SWAP_WORKDAY']),
  name: z.string().optional(),
  source: z.string().optional(),
  note: z.string().optional(),
});
export type CalendarEntryView = z.infer<typeof calendarEntryViewSchema>;

export const workScheduleViewSchema = z.object({
  periods: z.array(z.object({ start: z.string(), end: z.string() })),
  weekendDays: z.array(z.number().int().min(0).max(6)),
  effectiveFrom: z.string().nullable(),
  source: z.string().nullable(),
});
export type WorkScheduleView = z.infer<typeof workScheduleViewSchema>;

/** The working calendar of one year as this desktop applies it. */
export const calendarYearSchema = z.object({
  year: z.number().int(),
  /** 'official' when a yearly table was loaded, else 'generated' from the Labor Code rules. */
  origin: z.enum(['official', 'generated']),
  source: z.string().nullable(),
  entries: z.array(calendarEntryViewSchema),
  /** The working hours in force on 1 January of the year. */
  schedule: workScheduleViewSchema,
  /** Working-hours schedules that take effect later in the year, in date order. */
  scheduleChanges: z.array(workScheduleViewSchema),
  weekendDays: z.array(z.number().int().min(0).max(6)),
  /** The calendar file in force, if an administrator (or the server) loaded one. */
  loaded: z.object({ fileName: z.string().nullable(), at: z.string() }).nullable(),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;

/** The working calendar (lịch làm việc): view a year, replace the calendar file. */
export const calendarCalls = {
  'calendar.get': {
    input: z.object({ year: z.number().int().min(1900).max(2199) }),
    output: calendarYearSchema,
  },
  /**
   * Replaces the calendar file (format: shared/calendar/schema.ts). A bad file is refused with
   * CALENDAR_NOT_JSON or CALENDAR_INVALID (issues naming each wrong entry) and nothing changes; on
   * success the deadlines of open dossiers are recomputed from their events.
   */
  'calendar.import': {
    input: z.object({ content: z.string().max(5_000_000), fileName: z.string().max(260).optional() }),
    output: z.object({
      /** Years with an official table in the file. */
      years: z.array(z.number().int()),
      /** Dated entries in the file (yearly tables and single entries). */
      entries: z.number().int(),
      schedules: z.number().int(),
      weekendDays: z.array(z.number().int()),
      /** Open dossiers whose deadlines were recomputed. */
      recomputed: z.number().int(),
    }),
  },
} as const;
