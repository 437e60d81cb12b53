/**
 * The default holiday table for a year, generated from the Labor Code 2019 art. 112 when no official
 * yearly table has been loaded. Where the law leaves a choice to the yearly announcement, this
 * generator decides as follows (see also the README):
 * - Tết Nguyên đán, 5 days: the last day of the lunar year (30 or 29 tháng Chạp) and mùng 1–4.
 * - Quốc khánh: 2/9 plus one adjacent day: 1/9 (the day before) unless 2/9 is a Monday, Thursday or
 *   Sunday, when 3/9 (the day after) is taken, so the pair joins the weekend where it can.
 * - Compensatory days (art. 112.3): every holiday that falls on a weekly rest day gives one
 *   COMPENSATORY day on the next day that is neither a rest day nor a holiday nor already a
 *   compensatory day (holidays in one block are compensated after the block).
 * - No swaps (SWAP_OFF / SWAP_WORKDAY): those exist only in official announcements.
 */
import { hungKingsDate, tetDate } from './lunar';
import type { CalendarEntry } from './schema';
import { addDays, type LocalDate, makeDate, weekday } from './time';

const LAW = 'Bộ luật Lao động 2019, Điều 112';
const GENERATED = `${LAW} (lịch sinh tự động)`;

export function quocKhanhAdjacentDay(year: number): LocalDate {
  const d = makeDate(year, 9, 2);
  const wd = weekday(d);
  return wd === 1 || wd === 4 || wd === 0 ? makeDate(year, 9, 3) : makeDate(year, 9, 1);
}

export function generateYear(year: number, weekendDays: readonly number[] = [0, 6]): CalendarEntry[] {
  const holidays: CalendarEntry[] = [];
  const add = (date: LocalDate, name: string) => {
    if (!holidays.some((h) => h.date === date)) holidays.push({ date, kind: 'HOLIDAY', name, source: GENERATED });
  };
  add(makeDate(year, 1, 1), 'Tết Dương lịch');
  const tet = tetDate(year);
  add(addDays(tet, -1), 'Tết Nguyên đán (ngày cuối năm âm lịch)');
  for (let i = 0; i < 4; i++) add(addDays(tet, i), `Tết Nguyên đán (mùng ${i + 1})`);
  add(hungKingsDate(year), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  add(makeDate(year, 4, 30), 'Ngày Chiến thắng (30/4)');
  add(makeDate(year, 5, 1), 'Ngày Quốc tế lao động (1/5)');
  const adj = quocKhanhAdjacentDay(year);
  if (adj < makeDate(year, 9, 2)) add(adj, 'Quốc khánh (ngày liền kề)');
  add(makeDate(year, 9, 2), 'Quốc khánh (2/9)');
  if (adj > makeDate(year, 9, 2)) add(adj, 'Quốc khánh (ngày liền kề)');
  // Tết of a lunar year may straddle the Gregorian year boundary (never in practice for 1900–2199,
  // where mùng 1 is between 21/1 and 20/2), so every entry above stays within `year`.
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const rest = new Set(weekendDays);
  const taken = new Set(holidays.map((h) => h.date));
  const result: CalendarEntry[] = [...holidays];
  for (const h of holidays) {
    if (!rest.has(weekday(h.date))) continue;
    let d = addDays(h.date, 1);
    while (rest.has(weekday(d)) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    result.push({
      date: d,
      kind: 'COMPENSATORY',
      name: `Nghỉ bù cho ${h.name ?? h.date} (${h.date})`,
      source: `${LAW}, khoản 3`,
    });
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
