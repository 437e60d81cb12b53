import { z } from 'zod';
import { clockTimeSchema } from '../deadline/duration';
import { localDateSchema, parseClock } from './time';

/**
 * Kinds of dated calendar entries (DESIGN.md §2):
 * HOLIDAY (ngày nghỉ lễ, tết), COMPENSATORY (nghỉ bù when a holiday falls on a weekly rest day),
 * SWAP_OFF (a working day given off by a swap), SWAP_WORKDAY (a rest day, usually a Saturday, worked).
 */
export const calendarEntryKindSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase().replace(/-/g, '_') : v),
  z.enum(['HOLIDAY', 'COMPENSATORY', 'SWAP_OFF', 'SWAP_WORKDAY']),
);
export type CalendarEntryKind = 'HOLIDAY' | 'COMPENSATORY' | 'SWAP_OFF' | 'SWAP_WORKDAY';

export const calendarEntrySchema = z.object({
  date: localDateSchema,
  kind: calendarEntryKindSchema,
  /** What the day is, e.g. "Tết Nguyên đán (mùng 1)". */
  name: z.string().max(200).optional(),
  /** Where it comes from, e.g. "Bộ luật Lao động 2019, Điều 112" or "Thông báo 6150/TB-BLĐTBXH". */
  source: z.string().max(300).optional(),
  note: z.string().max(500).optional(),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** 0 = Sunday … 6 = Saturday. */
export const weekendDaysSchema = z.array(z.number().int().min(0).max(6)).max(6);

export const workingPeriodSchema = z
  .object({ start: clockTimeSchema, end: clockTimeSchema })
  .refine((p) => parseClock(p.start) < parseClock(p.end), { message: 'start < end' });
export type WorkingPeriod = z.infer<typeof workingPeriodSchema>;

/**
 * An office's working time (giờ làm việc): periods of each working day and the weekly rest days,
 * with the date from which it applies and its source. A dossier snapshots the schedule in force
 * when it was received.
 */
export const workScheduleSchema = z
  .object({
    periods: z.array(workingPeriodSchema).min(1).max(6),
    weekendDays: weekendDaysSchema.default([0, 6]),
    effectiveFrom: localDateSchema.optional(),
    source: z.string().max(300).optional(),
  })
  .refine(
    (s) => {
      const sorted = s.periods.map((p) => [parseClock(p.start), parseClock(p.end)] as const);
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1];
        const cur = sorted[i];
        if (!prev || !cur || cur[0] < prev[1]) return false;
      }
      return true;
    },
    { message: 'periods must be in order and must not overlap' },
  );
export type WorkSchedule = z.infer<typeof workScheduleSchema>;

export const DEFAULT_WORK_SCHEDULE: WorkSchedule = {
  periods: [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
  weekendDays: [0, 6],
  effectiveFrom: '2000-01-01',
  source: 'Mặc định (DESIGN.md §2)',
};

/** An official yearly table (announced by the Government / ministry); replaces the generated year. */
export const yearTableSchema = z.object({
  year: z.number().int().min(1900).max(2199),
  source: z.string().max(300).optional(),
  entries: z.array(calendarEntrySchema),
});
export type YearTable = z.infer<typeof yearTableSchema>;

/**
 * The calendar file (JSON) an administrator edits and the server distributes. Every part is optional:
 * an empty object means "default working hours, Saturday and Sunday off, generated holidays".
 */
export const calendarFileObjectSchema = z.object({
  version: z.literal(1).optional(),
  /** Weekly rest days, 0 = Sunday … 6 = Saturday (default [0, 6]). */
  weekendDays: weekendDaysSchema.optional(),
  /** Shorthand for one working-hours schedule in force from the beginning. */
  workingPeriods: z.array(workingPeriodSchema).min(1).max(6).optional(),
  /** Dated working-hours schedules; the one with the latest effectiveFrom ≤ a date applies to it. */
  workingHours: z.array(workScheduleSchema).optional(),
  /** Official yearly tables: a year listed here is taken as is instead of the generated one. */
  years: z.array(yearTableSchema).optional(),
  /** Single dated entries applied on top of the year's table (generated or official), by date. */
  entries: z.array(calendarEntrySchema).optional(),
});
export type CalendarFile = z.infer<typeof calendarFileObjectSchema>;

/** Accepts the object form, or a bare array of entries (taken as `entries`). */
export const calendarFileSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { entries: v } : v),
  calendarFileObjectSchema,
);
