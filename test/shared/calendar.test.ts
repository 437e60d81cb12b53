import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../shared/calendar/calendar';
import { generateYear, quocKhanhAdjacentDay } from '../../shared/calendar/generator';
import { hungKingsDate, lunarToSolar, solarToLunar, tetDate } from '../../shared/calendar/lunar';
import { calendarFileSchema } from '../../shared/calendar/schema';
import {
  addDays,
  DAY_MS,
  dateOfDayNumber,
  dayNumber,
  daysInMonth,
  formatInstant,
  formatLocalMinute,
  fromLocal,
  parseInstant,
  toLocal,
  weekday,
} from '../../shared/calendar/time';

describe('lunar calendar for UTC+7', () => {
  it.each([
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    [2030, '2030-02-02'],
    [2024, '2024-02-10'],
    [2023, '2023-01-22'],
  ])('Tết %i is %s', (year, date) => {
    expect(tetDate(year)).toBe(date);
  });

  it('differs from the Chinese (UTC+8) calendar in 2030', () => {
    expect(tetDate(2030, 8)).toBe('2030-02-03');
    expect(tetDate(2030)).toBe('2030-02-02');
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('Hùng Kings day (10/3 lunar) %i is %s', (year, date) => {
    expect(hungKingsDate(year)).toBe(date);
  });

  it('knows the leap month of 2023 (tháng 2 nhuận) and refuses a leap month that does not exist', () => {
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(solarToLunar(22, 3, 2023)).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(lunarToSolar(1, 5, 2023, true)).toBeNull();
  });

  it('round-trips solar → lunar → solar (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1950-01-01'), max: dayNumber('2150-12-31') }), (n) => {
        const date = addDays('1970-01-01', n);
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const l = solarToLunar(d, m, y);
        expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toBe(date);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Vietnam local time, independent of the machine time zone', () => {
  it('counts days like JavaScript Date for any date of years 1 to 9999 (property)', () => {
    // The arithmetic replaced Date objects (a first sync folds 100,000 deadlines); Date is the reference.
    const first = new Date(0);
    first.setUTCFullYear(1, 0, 1); // Date.UTC would read year 1 as 1901
    const min = first.getTime() / DAY_MS;
    const max = Date.UTC(9999, 11, 31) / DAY_MS;
    fc.assert(
      fc.property(fc.integer({ min, max }), (n) => {
        const reference = new Date(n * DAY_MS);
        const y = reference.getUTCFullYear();
        const date = `${String(y).padStart(4, '0')}-${String(reference.getUTCMonth() + 1).padStart(2, '0')}-${String(reference.getUTCDate()).padStart(2, '0')}`;
        expect(dateOfDayNumber(n)).toBe(date);
        expect(dayNumber(date)).toBe(n);
        expect(daysInMonth(y, reference.getUTCMonth() + 1)).toBe(
          new Date(Date.UTC(y, reference.getUTCMonth() + 1, 0)).getUTCDate(),
        );
      }),
      { numRuns: 2000 },
    );
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dateOfDayNumber(-1)).toBe('1969-12-31');
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(() => dayNumber('2025-02-29')).toThrow(RangeError);
  });

  it('reads a time without offset as UTC+7 and formats with +07:00', () => {
    const ms = parseInstant('2023-10-27T09:32');
    expect(ms).toBe(Date.UTC(2023, 9, 27, 2, 32));
    expect(formatInstant(ms ?? 0)).toBe('2023-10-27T09:32:00+07:00');
    expect(formatLocalMinute(ms ?? 0)).toBe('2023-10-27T09:32');
    expect(parseInstant('2023-10-27T02:32:00Z')).toBe(ms);
    expect(parseInstant('2023-10-27T09:32:00+07:00')).toBe(ms);
    expect(parseInstant('2023-10-26T22:32:00-04:00')).toBe(ms);
  });

  it('refuses impossible times', () => {
    for (const bad of ['2023-02-29T10:00', '2023-10-27T24:00', '2023-13-01T10:00', 'yesterday', '2023-10-27']) {
      expect(parseInstant(bad)).toBeNull();
    }
  });

  it('computes local dates and weekdays across midnight UTC', () => {
    // 17:30 UTC is 00:30 the next day in Vietnam.
    expect(toLocal(Date.UTC(2023, 9, 27, 17, 30))).toMatchObject({ date: '2023-10-28', minute: 30 });
    expect(weekday('2023-10-27')).toBe(5);
    expect(weekday('2030-02-02')).toBe(6);
    expect(fromLocal('2023-10-28', 30)).toBe(Date.UTC(2023, 9, 27, 17, 30));
  });
});

describe('generated holiday table (Labor Code 2019 art. 112)', () => {
  it('2027: Tết from the last day of the lunar year to mùng 4, weekend days compensated after the block', () => {
    const y = generateYear(2027);
    const list = y.map((e) => `${e.date} ${e.kind}`);
    expect(list).toEqual([
      '2027-01-01 HOLIDAY',
      '2027-02-05 HOLIDAY',
      '2027-02-06 HOLIDAY',
      '2027-02-07 HOLIDAY',
      '2027-02-08 HOLIDAY',
      '2027-02-09 HOLIDAY',
      '2027-02-10 COMPENSATORY',
      '2027-02-11 COMPENSATORY',
      '2027-04-16 HOLIDAY',
      '2027-04-30 HOLIDAY',
      '2027-05-01 HOLIDAY',
      '2027-05-03 COMPENSATORY',
      '2027-09-02 HOLIDAY',
      '2027-09-03 HOLIDAY',
    ]);
    for (const e of y) expect(e.source).toMatch(/Bộ luật Lao động 2019/);
  });

  it('has 11 holiday days every year', () => {
    for (let year = 2024; year <= 2040; year++) {
      expect(generateYear(year).filter((e) => e.kind === 'HOLIDAY')).toHaveLength(11);
    }
  });

  it('compensates a holiday on a weekend on the next working day (Hùng Kings 2026 on a Sunday)', () => {
    const y = generateYear(2026);
    expect(y).toContainEqual(expect.objectContaining({ date: '2026-04-26', kind: 'HOLIDAY' }));
    expect(y).toContainEqual(expect.objectContaining({ date: '2026-04-27', kind: 'COMPENSATORY' }));
  });

  it('compensates 1/1 on a Saturday (2028) on Monday 3/1', () => {
    expect(generateYear(2028)).toContainEqual(expect.objectContaining({ date: '2028-01-03', kind: 'COMPENSATORY' }));
  });

  it.each([
    [2024, '2024-09-03'], // 2/9 Monday → 3/9
    [2025, '2025-09-01'], // Tuesday → 1/9
    [2026, '2026-09-01'], // Wednesday → 1/9
    [2027, '2027-09-03'], // Thursday → 3/9
    [2022, '2022-09-01'], // Friday → 1/9
    [2023, '2023-09-01'], // Saturday → 1/9
    [2029, '2029-09-03'], // Sunday → 3/9
  ])('Quốc khánh %i: the adjacent day is %s', (year, date) => {
    expect(quocKhanhAdjacentDay(year)).toBe(date);
  });

  it('2023: 2/9 on Saturday and 1/9 Friday → compensatory Monday 4/9', () => {
    expect(generateYear(2023)).toContainEqual(expect.objectContaining({ date: '2023-09-04', kind: 'COMPENSATORY' }));
  });

  it('uses the configured weekend for compensatory days', () => {
    // Sunday only: Saturday 1/5/2027 is a working day, no compensation.
    const y = generateYear(2027, [0]);
    expect(y.some((e) => e.date === '2027-05-03')).toBe(false);
  });

  it('the generated Tết matches the known list for every year (property over the list)', () => {
    const known: Record<number, string> = {
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      2030: '2030-02-02',
    };
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(known).map(Number)), (year) => {
        const cal = createCalendar();
        const entry = cal.entryOn(known[year] ?? '');
        expect(entry?.kind).toBe('HOLIDAY');
        expect(entry?.name).toMatch(/mùng 1/);
        expect(cal.isWorkingDate(known[year] ?? '')).toBe(false);
      }),
    );
  });
});

describe('calendar from a file', () => {
  const file = calendarFileSchema.parse({
    weekendDays: [0, 6],
    workingPeriods: [
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ],
    years: [
      {
        year: 2025,
        source: 'Thông báo 6150/TB-BLĐTBXH',
        entries: [
          { date: '2025-01-01', kind: 'HOLIDAY', name: 'Tết Dương lịch' },
          { date: '2025-01-25', kind: 'SWAP_OFF' },
          { date: '2025-01-27', kind: 'HOLIDAY' },
          { date: '2025-01-28', kind: 'HOLIDAY' },
          { date: '2025-01-29', kind: 'HOLIDAY' },
          { date: '2025-01-30', kind: 'HOLIDAY' },
          { date: '2025-01-31', kind: 'HOLIDAY' },
          { date: '2025-02-08', kind: 'swap_workday', name: 'Làm bù' },
        ],
      },
    ],
    entries: [{ date: '2026-03-02', kind: 'HOLIDAY', name: 'Nghỉ đặc biệt', source: 'Quyết định thử' }],
  });
  const cal = createCalendar(file);

  it('an official yearly table replaces the generated one', () => {
    expect(cal.year(2025).origin).toBe('official');
    expect(cal.year(2025).source).toBe('Thông báo 6150/TB-BLĐTBXH');
    expect(cal.isWorkingDate('2025-01-27')).toBe(false);
    // Generated 2025 would have 2025-02-03 as COMPENSATORY; the official table does not.
    expect(cal.isWorkingDate('2025-02-03')).toBe(true);
    // A Saturday worked (SWAP_WORKDAY, kind read case-insensitively).
    expect(cal.isWorkingDate('2025-02-08')).toBe(true);
    expect(cal.entryOn('2025-02-08')?.kind).toBe('SWAP_WORKDAY');
  });

  it('single entries override the generated year by date', () => {
    expect(cal.year(2026).origin).toBe('generated');
    expect(cal.isWorkingDate('2026-03-02')).toBe(false);
    expect(cal.entryOn('2026-03-02')?.source).toBe('Quyết định thử');
  });

  it('uses the file working periods', () => {
    expect(cal.periodsOn('2026-03-03')).toEqual([
      [450, 690],
      [780, 1020],
    ]);
    expect(cal.periodsOn('2026-03-07')).toEqual([]);
  });

  it('dated working hours apply from their effective date', () => {
    const dated = createCalendar(
      calendarFileSchema.parse({
        workingHours: [
          { effectiveFrom: '2020-01-01', periods: [{ start: '07:00', end: '17:00' }] },
          { effectiveFrom: '2025-07-01', periods: [{ start: '08:00', end: '16:00' }], source: 'QĐ 1/2025' },
        ],
      }),
    );
    expect(dated.periodsOn('2025-06-30')).toEqual([[420, 1020]]);
    expect(dated.periodsOn('2025-07-01')).toEqual([[480, 960]]);
    expect(dated.scheduleOn('2025-07-02').source).toBe('QĐ 1/2025');
  });

  it('refuses a malformed file', () => {
    expect(
      calendarFileSchema.safeParse({ years: [{ year: 2025, entries: [{ date: '2025-02-30', kind: 'HOLIDAY' }] }] })
        .success,
    ).toBe(false);
    expect(calendarFileSchema.safeParse({ entries: [{ date: '2025-02-03', kind: 'DAY_OFF' }] }).success).toBe(false);
    expect(calendarFileSchema.safeParse({ workingPeriods: [{ start: '11:00', end: '07:00' }] }).success).toBe(false);
    expect(calendarFileSchema.safeParse([{ date: '2025-02-03', kind: 'HOLIDAY' }]).success).toBe(true);
  });
});
