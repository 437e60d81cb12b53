import { afterAll, describe, expect, it } from 'vitest';
import { CalendarStore } from '../../../electron/backend/calendar/store';
import { instantMs } from '../../../shared/calendar/time';
import type { CalendarYear } from '../../../shared/contract/calendar';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { AppErrorData, Result } from '../../../shared/contract/result';
import { openTestBackend } from '../../helpers/backend';
import { callAsAdmin } from './direct';

const now = instantMs('2026-11-23T09:15:00+07:00'); // a Monday
const backend = openTestBackend({ now: () => now });
afterAll(() => backend.dispose());

async function call<T>(name: string, input: unknown, language: 'vi' | 'en' = 'vi'): Promise<T> {
  const result = (await callAsAdmin(backend, name, input, language)) as Result<T>;
  if (!result.ok)
    throw new Error(`${result.error.code}: ${result.error.message} ${JSON.stringify(result.error.issues)}`);
  return result.value;
}
async function fail(name: string, input: unknown, language: 'vi' | 'en' = 'vi'): Promise<AppErrorData> {
  const result = await callAsAdmin(backend, name, input, language);
  if (result.ok) throw new Error(`${name} should have been refused`);
  return result.error;
}

/** What a refused import must leave untouched: the stored file, its origin, the open dossiers' due times. */
function snapshot() {
  return {
    meta: backend.db.all('SELECT key, value FROM meta WHERE key LIKE ? ORDER BY key', 'calendar.%'),
    dossiers: backend.db.all('SELECT id, due_at, state FROM dossier ORDER BY id'),
  };
}

// Cấp Giấy xác nhận tình trạng hôn nhân: 3 working days.
const intake = {
  procedureCode: '1.004873',
  applicant: { fullName: 'Nguyễn Thị Hoa', idNumber: '040190001234', phone: '0912345678', address: 'Xóm 3' },
  components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
};

describe('calendar.get', () => {
  it('shows a year generated from the Labor Code while no file is loaded, with the default working hours', async () => {
    const year = await call<CalendarYear>('calendar.get', { year: 2026 });
    expect(year.origin).toBe('generated');
    expect(year.loaded).toBeNull();
    expect(year.weekendDays).toEqual([0, 6]);
    expect(year.schedule.periods).toEqual([
      { start: '07:00', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
    // Tết 2026: mùng 1 is 17/02/2026.
    expect(year.entries.find((e) => e.date === '2026-02-17')).toMatchObject({ kind: 'HOLIDAY' });
    expect(year.entries.find((e) => e.date === '2026-09-02')).toMatchObject({ kind: 'HOLIDAY' });
    expect(year.entries.every((e) => e.date.startsWith('2026-'))).toBe(true);
  });

  it('refuses a year out of range', async () => {
    expect((await fail('calendar.get', { year: 1800 })).code).toBe('VALIDATION_FAILED');
  });
});

describe('calendar.import', () => {
  let dossierId = '';

  it('receives a dossier due in 3 working days (Mon 23/11 09:15 → Thu 26/11 09:15)', async () => {
    const detail = await call<DossierDetail>('dossier.receive', intake);
    dossierId = detail.row.id;
    expect(detail.row.dueAt).toBe('2026-11-26T09:15:00+07:00');
  });

  it('refuses a file that is not JSON, in Vietnamese, and changes nothing', async () => {
    const before = snapshot();
    const error = await fail('calendar.import', { content: '{ "entries": [', fileName: 'lich.json' });
    expect(error.code).toBe('CALENDAR_NOT_JSON');
    expect(error.message).toMatch(/^Tệp lịch làm việc không phải JSON hợp lệ/);
    expect(snapshot()).toEqual(before);
  });

  it('names each wrong entry by position and date, with translated messages, and changes nothing', async () => {
    const before = snapshot();
    const file = {
      years: [
        {
          year: 2026,
          source: 'Thông báo thử',
          entries: [
            { date: '2026-01-01', kind: 'HOLIDAY', name: 'Tết Dương lịch' },
            { date: '2026-02-30', kind: 'HOLIDAY', name: 'Ngày không có thật' },
            { date: '2026-04-30', kind: 'HOLIDAY_MAYBE' },
          ],
        },
      ],
      workingPeriods: [{ start: '13:30', end: '11:30' }],
    };
    const error = await fail('calendar.import', { content: JSON.stringify(file) });
    expect(error.code).toBe('CALENDAR_INVALID');
    expect(error.message).toBe('Tệp lịch làm việc có 3 lỗi; lịch đang dùng được giữ nguyên.');
    const byPath = Object.fromEntries((error.issues ?? []).map((i) => [i.path, i.message]));
    expect(byPath['years.0 (2026).entries.1 (2026-02-30).date']).toBe(
      'Ngày không hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2025-09-01).',
    );
    expect(Object.keys(byPath)).toContain('years.0 (2026).entries.2 (2026-04-30).kind');
    expect(byPath['workingPeriods.0']).toBe('Giờ bắt đầu phải trước giờ kết thúc.');
    expect(snapshot()).toEqual(before);
  });

  it('refuses a date listed twice and a year with two tables (English messages too)', async () => {
    const before = snapshot();
    const file = {
      years: [
        { year: 2026, entries: [] },
        { year: 2026, entries: [] },
      ],
      entries: [
        { date: '2026-11-26', kind: 'HOLIDAY' },
        { date: '2026-11-26', kind: 'COMPENSATORY' },
      ],
    };
    const error = await fail('calendar.import', { content: JSON.stringify(file) }, 'en');
    expect(error.message).toBe('The calendar file has 2 errors; the calendar in use is unchanged.');
    expect(error.issues).toEqual([
      { path: 'years.1 (2026).year', message: 'The year 2026 already has a table at position 0.' },
      {
        path: 'entries.1 (2026-11-26).date',
        message: 'The date 2026-11-26 is already listed at position 0 of the same list.',
      },
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('a day off on the due day moves the open dossier’s due time to the next working day', async () => {
    const content = JSON.stringify({
      entries: [{ date: '2026-11-26', kind: 'holiday', name: 'Nghỉ đột xuất', source: 'Quyết định thử' }],
    });
    const result = await call<{ recomputed: number; entries: number; years: number[] }>('calendar.import', {
      content,
      fileName: 'nghi-dot-xuat.json',
    });
    expect(result).toMatchObject({ entries: 1, years: [], recomputed: 1 });
    const detail = await call<DossierDetail>('dossier.get', { id: dossierId });
    expect(detail.row.dueAt).toBe('2026-11-27T09:15:00+07:00');
    const stored = backend.db.get<{ due_at: string }>('SELECT due_at FROM dossier WHERE id = ?', dossierId);
    expect(stored?.due_at).toBe('2026-11-27T09:15:00+07:00');

    const year = await call<CalendarYear>('calendar.get', { year: 2026 });
    expect(year.origin).toBe('generated');
    expect(year.loaded?.fileName).toBe('nghi-dot-xuat.json');
    expect(year.entries.find((e) => e.date === '2026-11-26')).toEqual({
      date: '2026-11-26',
      kind: 'HOLIDAY',
      name: 'Nghỉ đột xuất',
      source: 'Quyết định thử',
    });
  });

  it('an official yearly table replaces the generated year; a Saturday worked counts as a working day', async () => {
    const content = JSON.stringify({
      workingPeriods: [
        { start: '07:00', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
      workingHours: [
        {
          effectiveFrom: '2026-07-01',
          periods: [
            { start: '07:30', end: '11:30' },
            { start: '13:00', end: '17:00' },
          ],
          source: 'Quyết định giờ làm việc',
        },
      ],
      years: [
        {
          year: 2026,
          source: 'Thông báo lịch nghỉ 2026',
          entries: [
            { date: '2026-11-25', kind: 'SWAP_OFF', name: 'Nghỉ hoán đổi' },
            { date: '2026-11-26', kind: 'HOLIDAY', name: 'Nghỉ' },
            { date: '2026-11-28', kind: 'SWAP_WORKDAY', name: 'Làm bù' },
          ],
        },
      ],
    });
    const result = await call<{ recomputed: number; years: number[]; schedules: number }>('calendar.import', {
      content,
    });
    expect(result).toMatchObject({ years: [2026], schedules: 2, recomputed: 1 });
    // Tue 24, (Wed 25 and Thu 26 off), Fri 27, Sat 28 worked → Sat 28/11 09:15.
    expect((await call<DossierDetail>('dossier.get', { id: dossierId })).row.dueAt).toBe('2026-11-28T09:15:00+07:00');
    const year = await call<CalendarYear>('calendar.get', { year: 2026 });
    expect(year.origin).toBe('official');
    expect(year.source).toBe('Thông báo lịch nghỉ 2026');
    expect(year.entries.map((e) => e.kind)).toEqual(['SWAP_OFF', 'HOLIDAY', 'SWAP_WORKDAY']);
    expect(year.schedule.periods[0]).toEqual({ start: '07:00', end: '11:30' });
    expect(year.scheduleChanges).toEqual([
      {
        periods: [
          { start: '07:30', end: '11:30' },
          { start: '13:00', end: '17:00' },
        ],
        weekendDays: [0, 6],
        effectiveFrom: '2026-07-01',
        source: 'Quyết định giờ làm việc',
      },
    ]);
    // 2027 has no official table: generated again.
    expect((await call<CalendarYear>('calendar.get', { year: 2027 })).origin).toBe('generated');
  });

  it('a bare array of entries is accepted; the empty file restores the defaults', async () => {
    await call('calendar.import', { content: JSON.stringify([{ date: '2026-11-24', kind: 'HOLIDAY' }]) });
    // Tue 24 off: Wed 25, Thu 26, Fri 27 → Fri 27/11 09:15.
    expect((await call<DossierDetail>('dossier.get', { id: dossierId })).row.dueAt).toBe('2026-11-27T09:15:00+07:00');
    await call('calendar.import', { content: '{}' });
    expect((await call<DossierDetail>('dossier.get', { id: dossierId })).row.dueAt).toBe('2026-11-26T09:15:00+07:00');
  });
});

describe('CalendarStore.replaceThen', () => {
  it('keeps the previous calendar, stored and cached, when recomputing the deadlines fails', async () => {
    const calendars = new CalendarStore(backend.db);
    calendars.replace({ entries: [{ date: '2026-12-31', kind: 'HOLIDAY' }] }, { fileName: 'a.json', at: 'x' });
    const before = snapshot();
    expect(() =>
      calendars.replaceThen(
        { entries: [{ date: '2026-11-24', kind: 'HOLIDAY' }] },
        { fileName: 'b.json', at: 'y' },
        () => {
          // The new calendar is in force inside the transaction…
          expect(calendars.calendar().isWorkingDate('2026-11-24')).toBe(false);
          throw new Error('recompute failed');
        },
      ),
    ).toThrow('recompute failed');
    // …and gone after it: neither the database nor the cache kept it.
    expect(snapshot()).toEqual(before);
    expect(calendars.calendar().isWorkingDate('2026-11-24')).toBe(true);
    expect(calendars.calendar().isWorkingDate('2026-12-31')).toBe(false);
    expect(calendars.origin()?.fileName).toBe('a.json');
  });
});
