import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../shared/calendar/calendar';
import { instantMs } from '../../../shared/calendar/time';
import { workingTimeBetween } from '../../../shared/deadline/engine';
import { fastWorkingTimeBetween } from '../../../shared/reports/worktime';

describe('fastWorkingTimeBetween', () => {
  const cal = createCalendar({});
  const schedule = {
    periods: [
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ],
    weekendDays: [0, 6],
    effectiveFrom: '2020-01-01',
  };
  const lo = instantMs('2016-01-01T00:00:00+07:00');
  const hi = instantMs('2027-12-31T00:00:00+07:00');

  it('equals the engine over any span, with and without a schedule snapshot (Tết, 30/4, weekends)', () => {
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }), fc.boolean(), (a, b, snap) => {
        const s = snap ? schedule : null;
        const c = s ? cal.withSchedule(s) : cal;
        expect(fastWorkingTimeBetween(cal, s, a, b)).toBe(workingTimeBetween(c, a, b));
      }),
      { numRuns: 200 },
    );
  });

  it('counts a known span: Friday 24/04/2026 09:00 → Monday 04/05/2026 09:00 is 3 working days', () => {
    // 27/04 compensatory (Hùng Kings on Sunday 26/04), 30/04 and 01/05 holidays: 28/04, 29/04 work.
    const ms = fastWorkingTimeBetween(
      cal,
      null,
      instantMs('2026-04-24T09:00:00+07:00'),
      instantMs('2026-05-04T09:00:00+07:00'),
    );
    expect(ms / 3_600_000).toBe(8 * 3);
  });
});
