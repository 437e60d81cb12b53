import { z } from 'zod';

/** "HH:MM", 24-hour local (Vietnam, UTC+7) clock time. */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'HH:MM' });

/**
 * How long a procedure takes, as the national database publishes it (DESIGN.md §2).
 * - working-days: due at the same clock time N working days later; fractional values are working
 *   hours (1 day = 8 working hours, so 0.5 = 4 h);
 * - calendar-days: N calendar days, moved forward if it ends on a non-working day;
 * - same-day: the same working day, or the next one if received after the cut-off;
 * - none: no legal deadline.
 */
export const durationSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('working-days'), value: z.number().positive().max(365) }),
  z.object({ unit: z.literal('calendar-days'), value: z.number().int().positive().max(3650) }),
  z.object({ unit: z.literal('same-day'), cutoff: clockTimeSchema }),
  z.object({ unit: z.literal('none') }),
]);
export type Duration = z.infer<typeof durationSchema>;
export type DurationUnit = Duration['unit'];
