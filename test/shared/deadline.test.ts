import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../shared/calendar/calendar';
import { calendarFileSchema } from '../../shared/calendar/schema';
import { formatLocalMinute, instantMs } from '../../shared/calendar/time';
import type { Duration } from '../../shared/deadline/duration';
import {
  addWorkingTime,
  clockStart,
  computeDeadline,
  isWithinWorkingTime,
  receptionHandOffDue,
  remainingWorkingTime,
  timeliness,
  workingTimeBetween,
} from '../../shared/deadline/engine';

const cal = createCalendar();
const t = (s: string) => instantMs(s);
const due = (received: string, duration: Duration, pauses: Array<[string, string]> = []) => {
  const r = computeDeadline(cal, {
    receivedAt: t(received),
    duration,
    pauses: pauses.map(([from, to]) => ({ from: t(from), to: t(to) })),
  });
  return r.dueAt === null ? null : formatLocalMinute(r.dueAt);
};
const wd = (value: number): Duration => ({ unit: 'working-days', value });

describe('working-days durations', () => {
  it.each([
    // DESIGN.md §2 example: Friday 27/10/2023 09:32 + 5 working days → Friday 3/11 09:32.
    ['2023-10-27T09:32', 5, '2023-11-03T09:32'],
    ['2023-10-27T09:32', 1, '2023-10-30T09:32'],
    ['2023-10-23T07:00', 1, '2023-10-24T07:00'],
    ['2023-10-23T13:30', 1, '2023-10-24T13:30'],
    // Received outside working periods: the clock starts at the next period.
    ['2023-10-27T18:00', 1, '2023-10-31T07:00'],
    ['2023-10-27T17:00', 1, '2023-10-31T07:00'],
    ['2023-10-23T06:15', 2, '2023-10-25T07:00'],
    ['2023-10-23T12:10', 1, '2023-10-24T13:30'],
    ['2023-10-23T11:30', 1, '2023-10-24T13:30'],
    ['2023-10-28T09:00', 1, '2023-10-31T07:00'],
    // Across Tết 2027 (generated: 5–9/2 holidays, 10–11/2 compensatory).
    ['2027-02-04T10:00', 3, '2027-02-16T10:00'],
    // Across 30/4–1/5/2025 and 2/9/2025 (adjacent day 1/9).
    ['2025-04-29T08:00', 1, '2025-05-02T08:00'],
    ['2025-08-29T15:00', 1, '2025-09-03T15:00'],
    // Fractions are working hours: 0.5 day = 4 h.
    ['2023-10-23T07:00', 0.5, '2023-10-23T11:00'],
    ['2023-10-23T10:00', 0.5, '2023-10-23T16:00'],
    ['2023-10-23T07:30', 0.5, '2023-10-23T13:30'],
    ['2023-10-23T16:00', 1.5, '2023-10-25T10:00'],
  ])('received %s + %s working days → %s', (received, days, expected) => {
    expect(due(received, wd(days))).toBe(expected);
  });

  it('15 working days from a Monday skip weekends', () => {
    expect(due('2023-10-02T08:00', wd(15))).toBe('2023-10-23T08:00');
  });
});

describe('calendar-days durations', () => {
  it.each([
    ['2023-10-27T09:32', 7, '2023-11-03T09:32'],
    // Ends on Saturday 4/11 → moved to Monday 6/11.
    ['2023-10-27T09:32', 8, '2023-11-06T09:32'],
    // Ends on 30/4/2025 → 30/4 and 1/5 holidays → Friday 2/5.
    ['2025-04-21T10:00', 9, '2025-05-02T10:00'],
    // Received on a Sunday: counted from Monday 07:00.
    ['2025-04-20T10:00', 10, '2025-05-02T07:00'],
    // Received after hours: counted from the next working period.
    ['2023-10-27T18:00', 2, '2023-11-01T07:00'],
  ])('received %s + %s calendar days → %s', (received, days, expected) => {
    expect(due(received, { unit: 'calendar-days', value: days })).toBe(expected);
  });
});

describe('same-day durations', () => {
  it.each([
    ['2023-10-26T14:00', '15:00', '2023-10-26T17:00'],
    ['2023-10-26T15:00', '15:00', '2023-10-26T17:00'],
    ['2023-10-26T15:01', '15:00', '2023-10-27T17:00'],
    ['2023-10-27T16:00', '15:00', '2023-10-30T17:00'],
    ['2023-10-26T06:30', '15:00', '2023-10-26T17:00'],
    ['2023-10-26T17:30', '18:00', '2023-10-27T17:00'],
    ['2023-10-28T09:00', '15:00', '2023-10-30T17:00'],
    ['2027-02-04T16:00', '15:00', '2027-02-12T17:00'],
  ])('received %s with cut-off %s → %s', (received, cutoff, expected) => {
    expect(due(received, { unit: 'same-day', cutoff })).toBe(expected);
  });

  it('paper transfer from the counter: same day, next working day after 15:00', () => {
    expect(formatLocalMinute(receptionHandOffDue(cal, t('2023-10-27T14:59')))).toBe('2023-10-27T17:00');
    expect(formatLocalMinute(receptionHandOffDue(cal, t('2023-10-27T15:30')))).toBe('2023-10-30T17:00');
  });
});

describe('no deadline', () => {
  it('gives a null due time', () => {
    expect(due('2023-10-27T09:32', { unit: 'none' })).toBeNull();
  });
});

describe('pauses', () => {
  it('move the due time by the paused working time', () => {
    // Paused Wed 10:00 → Thu 10:00 = 8 working hours = 1 working day.
    expect(due('2023-10-23T08:00', wd(5), [['2023-10-25T10:00', '2023-10-26T10:00']])).toBe('2023-10-31T08:00');
  });

  it('count only working time (a pause over a weekend adds nothing outside hours)', () => {
    // Fri 16:00 → Mon 08:00: 1 h Friday + 1 h Monday.
    expect(due('2023-10-23T08:00', wd(5), [['2023-10-27T16:00', '2023-10-30T08:00']])).toBe('2023-10-30T10:00');
    expect(due('2023-10-23T08:00', wd(5), [['2023-10-28T08:00', '2023-10-29T17:00']])).toBe('2023-10-30T08:00');
  });

  it('overlapping pauses count once', () => {
    expect(
      due('2023-10-23T08:00', wd(5), [
        ['2023-10-24T08:00', '2023-10-24T10:00'],
        ['2023-10-24T09:00', '2023-10-24T11:00'],
      ]),
    ).toBe('2023-10-30T11:00');
  });

  it('an open pause counts up to `now` only when asked', () => {
    const base = { receivedAt: t('2023-10-23T08:00'), duration: wd(5) };
    const open = [{ from: t('2023-10-24T08:00'), to: null }];
    expect(formatLocalMinute(computeDeadline(cal, { ...base, pauses: open }).dueAt ?? 0)).toBe('2023-10-30T08:00');
    const withNow = computeDeadline(cal, { ...base, pauses: open, now: t('2023-10-24T10:00') });
    expect(formatLocalMinute(withNow.dueAt ?? 0)).toBe('2023-10-30T10:00');
    expect(withNow.pausedWorkingMs).toBe(2 * 3_600_000);
  });

  it('after an extension, the new due time moves only by later pauses', () => {
    const r = computeDeadline(cal, {
      receivedAt: t('2023-10-23T08:00'),
      duration: wd(5),
      pauses: [
        { from: t('2023-10-24T08:00'), to: t('2023-10-24T09:00') },
        { from: t('2023-11-02T08:00'), to: t('2023-11-02T10:00') },
      ],
      extension: { issuedAt: t('2023-10-27T08:00'), newDueAt: t('2023-11-06T08:00') },
    });
    expect(formatLocalMinute(r.dueAt ?? 0)).toBe('2023-11-06T10:00');
  });
});

describe('working time arithmetic', () => {
  it('clock start, working time between, remaining time', () => {
    expect(formatLocalMinute(clockStart(cal, t('2023-10-27T11:45')))).toBe('2023-10-27T13:30');
    expect(workingTimeBetween(cal, t('2023-10-27T09:32'), t('2023-11-03T09:32'))).toBe(40 * 3_600_000);
    expect(remainingWorkingTime(cal, t('2023-10-30T09:00'), t('2023-10-27T16:00'))).toBe(3 * 3_600_000);
    expect(remainingWorkingTime(cal, t('2023-10-27T09:00'), t('2023-10-27T10:00'))).toBe(-3_600_000);
    // Frozen while paused.
    expect(remainingWorkingTime(cal, t('2023-10-30T09:00'), t('2023-10-30T08:00'), t('2023-10-27T16:00'))).toBe(
      3 * 3_600_000,
    );
  });

  it.each([
    ['2023-11-02T16:00', '2023-11-03T09:32', 'early'],
    ['2023-11-03T16:59', '2023-11-03T09:32', 'on-time'],
    ['2023-11-06T07:00', '2023-11-03T09:32', 'late'],
  ] as const)('completed %s, due %s → %s (by date)', (done, dueAt, expected) => {
    expect(timeliness(t(done), t(dueAt))).toBe(expected);
  });
});

// Property tests -----------------------------------------------------------------------------------

const receivedArb = fc.integer({ min: t('2023-01-01T00:00'), max: t('2030-12-31T23:59') });
const durationArb: fc.Arbitrary<Duration> = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((value) => ({ unit: 'working-days' as const, value })),
  fc.integer({ min: 1, max: 16 }).map((q) => ({ unit: 'working-days' as const, value: q / 8 })),
  fc.integer({ min: 1, max: 90 }).map((value) => ({ unit: 'calendar-days' as const, value })),
  fc.tuple(fc.integer({ min: 6, max: 19 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => ({
    unit: 'same-day' as const,
    cutoff: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`,
  })),
);
const pauseArb = (start: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: 30 * 86_400_000 }), fc.integer({ min: 0, max: 10 * 86_400_000 }))
    .map(([offset, length]) => ({ from: start + offset, to: start + offset + length }));
const oddCalendar = createCalendar(
  calendarFileSchema.parse({
    weekendDays: [0],
    workingPeriods: [
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '16:30' },
    ],
  }),
);

describe('deadline properties', () => {
  it('a due time never falls outside working periods', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(cal, oddCalendar),
        receivedArb,
        durationArb,
        fc.array(pauseArb(t('2023-01-01T00:00')), { maxLength: 3 }),
        (c, receivedAt, duration, pauses) => {
          const shifted = pauses.map((p) => ({
            from: p.from + (receivedAt - t('2023-01-01T00:00')),
            to: p.to + (receivedAt - t('2023-01-01T00:00')),
          }));
          const r = computeDeadline(c, { receivedAt, duration, pauses: shifted });
          expect(r.dueAt).not.toBeNull();
          expect(isWithinWorkingTime(c, r.dueAt ?? 0)).toBe(true);
          expect(r.dueAt ?? 0).toBeGreaterThan(receivedAt);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a pause never makes the due time earlier', () => {
    fc.assert(
      fc.property(
        receivedArb,
        durationArb,
        fc.array(pauseArb(0), { maxLength: 3 }),
        pauseArb(0),
        (receivedAt, duration, ps, extra) => {
          const shift = (p: { from: number; to: number }) => ({ from: p.from + receivedAt, to: p.to + receivedAt });
          const before = computeDeadline(cal, { receivedAt, duration, pauses: ps.map(shift) }).dueAt ?? 0;
          const after = computeDeadline(cal, { receivedAt, duration, pauses: [...ps, extra].map(shift) }).dueAt ?? 0;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adding working time then measuring it gives it back', () => {
    fc.assert(
      fc.property(receivedArb, fc.integer({ min: 0, max: 40 * 8 * 60 }), (at, minutes) => {
        const start = clockStart(cal, at);
        const end = addWorkingTime(cal, start, minutes * 60_000);
        expect(workingTimeBetween(cal, start, end)).toBe(minutes * 60_000);
      }),
      { numRuns: 300 },
    );
  });
});
