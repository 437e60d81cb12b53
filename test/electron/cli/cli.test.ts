import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'bin/motcua.js');

/** Runs the real bin in a child process (as an administrator would), in a given machine time zone. */
function cli(args: string[], tz = 'UTC'): { code: number | null; json: Record<string, unknown>; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, TZ: tz, MOTCUA_LANG: '' },
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`stdout is not JSON: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { code: r.status, json, stdout: r.stdout };
}

const errorCode = (json: Record<string, unknown>) => (json.error as { code: string } | undefined)?.code;

describe('motcua deadline', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Ho_Chi_Minh'])(
    'received Fri 2023-10-27 09:32 + 5 working days → 2023-11-03T09:32 (TZ=%s)',
    (tz) => {
      const r = cli(['deadline', '--received', '2023-10-27T09:32', '--duration', '5', '--unit', 'working-days'], tz);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ due: '2023-11-03T09:32', dueAt: '2023-11-03T09:32:00+07:00' });
    },
  );

  it('calendar days, same day with cut-off, none', () => {
    expect(
      cli(['deadline', '--received', '2023-10-27T09:32', '--duration', '8', '--unit', 'calendar-days']).json.due,
    ).toBe('2023-11-06T09:32');
    expect(
      cli(['deadline', '--received', '2023-10-27T15:30', '--unit', 'same-day', '--cutoff', '15:00']).json.due,
    ).toBe('2023-10-30T17:00');
    expect(
      cli(['deadline', '--received', '2023-10-27T14:30', '--unit', 'same-day', '--cutoff', '15:00']).json.due,
    ).toBe('2023-10-27T17:00');
    expect(cli(['deadline', '--received', '2023-10-27T09:32', '--unit', 'none']).json.due).toBeNull();
    // A bare date is the start of that day; the unit is read case- and underscore-insensitively.
    expect(cli(['deadline', '--received', '2023-10-27', '--duration', '10', '--unit', 'CALENDAR_DAYS']).json.due).toBe(
      '2023-11-06T07:00',
    );
  });

  it('pauses move the due time; --completed tells early/on time/late', () => {
    const r = cli([
      'deadline',
      '--received=2023-10-23T08:00',
      '--duration=5',
      '--unit=working-days',
      '--pause',
      '2023-10-25T10:00,2023-10-26T10:00',
      '--pause',
      '2023-10-30T07:00,2023-10-30T08:00',
      '--completed',
      '2023-10-31T16:00',
    ]);
    expect(r.json).toMatchObject({ due: '2023-10-31T09:00', pausedWorkingMinutes: 540, timeliness: 'on-time' });
  });

  it('reads a calendar file (official table, swaps, working periods)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-cli-'));
    const file = join(dir, 'calendar.json');
    writeFileSync(
      file,
      JSON.stringify({
        workingPeriods: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
        years: [
          {
            year: 2023,
            source: 'Thông báo thử',
            entries: [
              { date: '2023-10-30', kind: 'SWAP_OFF', name: 'Nghỉ hoán đổi' },
              { date: '2023-11-04', kind: 'SWAP_WORKDAY', name: 'Làm bù' },
            ],
          },
        ],
      }),
    );
    const r = cli([
      'deadline',
      '--received',
      '2023-10-27T09:32',
      '--duration',
      '5',
      '--unit',
      'working-days',
      '--calendar',
      file,
    ]);
    // Working days: 31/10, 1/11, 2/11, 3/11, Saturday 4/11 (worked).
    expect(r.json.due).toBe('2023-11-04T09:32');
    const c = cli(['calendar', '--year', '2023', '--calendar', file]);
    expect(c.json).toMatchObject({
      year: 2023,
      origin: 'official',
      nonWorkingDates: [{ date: '2023-10-30', kind: 'SWAP_OFF', name: 'Nghỉ hoán đổi' }],
      swapWorkdays: [{ date: '2023-11-04', kind: 'SWAP_WORKDAY', name: 'Làm bù' }],
    });
    writeFileSync(file, '{"years": [{"year": 2023, "entries": [{"date": "2023-02-30", "kind": "HOLIDAY"}]}]}');
    const bad = cli(['calendar', '--year', '2023', '--calendar', file]);
    expect(bad.code).toBe(2);
    expect(errorCode(bad.json)).toBe('CALENDAR_FILE_INVALID');
    const missing = cli(['calendar', '--year', '2023', '--calendar', join(dir, 'nope.json')]);
    expect([missing.code, errorCode(missing.json)]).toEqual([2, 'CLI_FILE_UNREADABLE']);
  });

  it.each([
    [['deadline', '--received', '2023-13-01T09:00', '--duration', '5', '--unit', 'working-days']],
    [['deadline', '--received', '2023-10-27T09:32', '--duration', 'five', '--unit', 'working-days']],
    [['deadline', '--received', '2023-10-27T09:32', '--duration', '5', '--unit', 'weeks']],
    [['deadline', '--received', '2023-10-27T09:32', '--unit', 'working-days']],
    [['deadline', '--received', '2023-10-27T09:32', '--duration', '1.5', '--unit', 'calendar-days']],
    [['deadline', '--received', '2023-10-27T09:32', '--unit', 'same-day', '--cutoff', '25:00']],
    [['deadline', '--received', '2023-10-27T09:32', '--duration', '5', '--unit', 'working-days', '--bogus']],
  ])('bad arguments exit 2 with a JSON error: %j', (args) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(errorCode(r.json)).toBe('CLI_ARGUMENT_INVALID');
    expect((r.json.error as { message: string }).message).toMatch(/^Tham số không hợp lệ/);
  });

  it('a bad pause is refused', () => {
    const r = cli([
      'deadline',
      '--received',
      '2023-10-27T09:32',
      '--duration',
      '5',
      '--unit',
      'working-days',
      '--pause',
      '2023-10-28T10:00,2023-10-27T10:00',
    ]);
    expect([r.code, errorCode(r.json)]).toEqual([2, 'DEADLINE_PAUSE_INVALID']);
  });
});

describe('motcua calendar', () => {
  it('lists the generated non-working dates of 2027 with their kinds', () => {
    const r = cli(['calendar', '--year', '2027'], 'America/New_York');
    expect(r.code).toBe(0);
    const dates = (r.json.nonWorkingDates as Array<{ date: string; kind: string }>).map((d) => `${d.date} ${d.kind}`);
    expect(dates).toContain('2027-02-06 HOLIDAY');
    expect(dates).toContain('2027-02-10 COMPENSATORY');
    expect(dates).toContain('2027-04-16 HOLIDAY');
    expect(dates).toHaveLength(14);
    expect(r.json.origin).toBe('generated');
  });

  it('Tết 2030 is 2030-02-02 (UTC+7), not 02-03', () => {
    const dates = cli(['calendar', '--year', '2030']).json.nonWorkingDates as Array<{ date: string; name: string }>;
    expect(dates.find((d) => d.name.includes('mùng 1'))?.date).toBe('2030-02-02');
  });

  it('takes the year as a positional argument too', () => {
    expect(cli(['calendar', '2030']).json.year).toBe(2030);
  });

  it('refuses a missing year', () => {
    const r = cli(['calendar']);
    expect([r.code, errorCode(r.json)]).toEqual([2, 'CLI_ARGUMENT_INVALID']);
  });
});

describe('motcua cccd', () => {
  it('prints the parsed fields', () => {
    const r = cli(['cccd', '001099012345|123456789|Nguyễn Văn An|15031999|Nam|Hà Nội|20042021\r\n']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      idNumber: '001099012345',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1999-03-15',
      sex: 'male',
    });
  });

  it('exits 2 with a coded error and a message (English with --lang en)', () => {
    const r = cli(['cccd', '001199012345||Nguyễn Văn An|15031999|Nam|Hà Nội|20042021']);
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'CCCD_SEX_MISMATCH' });
    expect((r.json.error as { message: string }).message).toContain('Chữ số thứ 4');
    const en = cli(['cccd', 'abc', '--lang', 'en']);
    expect(en.json.error).toMatchObject({ code: 'CCCD_FIELD_COUNT' });
    expect((en.json.error as { message: string }).message).toContain('at least 7');
  });

  it('refuses a future issue date against --today', () => {
    const r = cli(['cccd', '001099012345||Nguyễn Văn An|15031999|Nam|Hà Nội|20042021', '--today', '2021-04-19']);
    expect([r.code, errorCode(r.json)]).toEqual([2, 'CCCD_ISSUE_DATE_FUTURE']);
  });
});

describe('motcua', () => {
  it('an unknown command exits 2 with JSON', () => {
    const r = cli(['frobnicate']);
    expect([r.code, errorCode(r.json)]).toEqual([2, 'CLI_UNKNOWN_COMMAND']);
  });

  it('npm run -s cli prints the same JSON as the bin', () => {
    const r = spawnSync(
      'npm',
      [
        'run',
        '-s',
        'cli',
        '--',
        'deadline',
        '--received',
        '2023-10-27T09:32',
        '--duration',
        '5',
        '--unit',
        'working-days',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, TZ: 'America/New_York' },
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ due: '2023-11-03T09:32' });
  });
});
