import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/backend';
import { catalogueVersion } from '../../../electron/backend/catalogue/repository';
import { tempDir } from '../../helpers/backend';

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'bin/motcua.js');
const data = tempDir('motcua-cli-import-');
const files = tempDir('motcua-cli-files-');
afterAll(() => {
  data.remove();
  files.remove();
});

/** Runs the real bin as an administrator would. */
function cli(args: string[]): { code: number | null; json: Record<string, unknown> } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: files.dir,
    encoding: 'utf8',
    env: { ...process.env, MOTCUA_LANG: '', MOTCUA_DATA: '' },
  });
  try {
    return { code: r.status, json: JSON.parse(r.stdout) as Record<string, unknown> };
  } catch {
    throw new Error(`stdout is not JSON: ${r.stdout}\nstderr: ${r.stderr}`);
  }
}

function file(name: string, content: unknown): string {
  const path = join(files.dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** What the data folder holds, read with the back end after the command exited. */
function stored() {
  const backend = openBackend({
    dataDir: data.dir,
    assetsDir: join(ROOT, 'assets'),
    version: 't',
    log: pino({ level: 'silent' }),
  });
  try {
    return {
      calendar: backend.db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'calendar.file'")?.value ?? null,
      catalogueVersion: catalogueVersion(backend.db),
      procedures: backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM procedure')?.n ?? 0,
    };
  } finally {
    backend.close();
  }
}

type ErrorJson = { code: string; message: string; issues?: { path: string; message: string }[] };
const errorOf = (json: Record<string, unknown>) => json.error as ErrorJson;

describe('motcua import-calendar', () => {
  it('loads a calendar file into the data folder and prints what it loaded', () => {
    const path = file('lich-2026.json', {
      years: [
        {
          year: 2026,
          source: 'Thông báo lịch nghỉ 2026',
          entries: [{ date: '2026-01-01', kind: 'HOLIDAY', name: 'Tết Dương lịch' }],
        },
      ],
      entries: [{ date: '2027-03-02', kind: 'SWAP_OFF' }],
    });
    const r = cli(['import-calendar', '--file', path, '--data', data.dir]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      command: 'import-calendar',
      dataDir: data.dir,
      years: [2026],
      entries: 2,
      weekendDays: [0, 6],
      recomputed: 0,
    });
    const calendar = JSON.parse(stored().calendar ?? '{}') as { years: { source: string }[] };
    expect(calendar.years[0]?.source).toBe('Thông báo lịch nghỉ 2026');
  });

  it('refuses a bad file with exit code 2, naming the wrong entry, and changes nothing', () => {
    const before = stored();
    const path = file('lich-sai.json', {
      years: [
        {
          year: 2026,
          entries: [
            { date: '2026-01-01', kind: 'HOLIDAY' },
            { date: '01/05/2026', kind: 'HOLIDAY' },
          ],
        },
      ],
    });
    const r = cli(['import-calendar', '--file', path, '--data', data.dir]);
    expect(r.code).toBe(2);
    const error = errorOf(r.json);
    expect(error.code).toBe('CALENDAR_INVALID');
    expect(error.message).toBe('Tệp lịch làm việc có 1 lỗi; lịch đang dùng được giữ nguyên.');
    expect(error.issues).toEqual([
      {
        path: 'years.0 (2026).entries.1 (01/05/2026).date',
        message: 'Ngày không hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2025-09-01).',
      },
    ]);
    expect(stored()).toEqual(before);
  });

  it('says it in English with --lang en; a file that is not JSON is refused too', () => {
    const r = cli(['import-calendar', '--file', file('not.json', '{"years": ['), '--data', data.dir, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(errorOf(r.json).code).toBe('CALENDAR_NOT_JSON');
    expect(errorOf(r.json).message).toMatch(/^The calendar file is not valid JSON/);
  });

  it('refuses a missing --file and an unreadable file', () => {
    const missing = cli(['import-calendar', '--data', data.dir]);
    expect(missing.code).toBe(2);
    expect(errorOf(missing.json).code).toBe('CLI_ARGUMENT_INVALID');
    const unreadable = cli(['import-calendar', '--file', join(files.dir, 'nowhere.json'), '--data', data.dir]);
    expect(unreadable.code).toBe(2);
    expect(errorOf(unreadable.json).code).toBe('CLI_FILE_UNREADABLE');
  });
});

describe('motcua import-catalogue', () => {
  const sample = JSON.parse(readFileSync(join(ROOT, 'assets/catalogue/procedures.sample.json'), 'utf8')) as {
    version: string;
    fields: unknown[];
    procedures: { code: string; duration: unknown }[];
  };

  it('loads a catalogue and prints its version and counts', () => {
    const path = file('catalogue.json', { ...sample, version: '2026-12-01' });
    const r = cli(['import-catalogue', '--file', path, '--data', data.dir]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      command: 'import-catalogue',
      version: '2026-12-01',
      procedures: sample.procedures.length,
      fields: sample.fields.length,
    });
    expect(stored()).toMatchObject({ procedures: sample.procedures.length, catalogueVersion: '2026-12-01' });
  });

  it('refuses a catalogue with a wrong record, naming it by index and code, and keeps the one in use', () => {
    const before = stored();
    const procedures = sample.procedures.map((p, i) => (i === 3 ? { ...p, duration: { unit: 'weeks', value: 2 } } : p));
    const path = file('catalogue-sai.json', { ...sample, version: '2027-01-01', procedures });
    const r = cli(['import-catalogue', '--file', path, '--data', data.dir]);
    expect(r.code).toBe(2);
    const error = errorOf(r.json);
    expect(error.code).toBe('CATALOGUE_INVALID');
    expect(error.issues?.[0]?.path).toMatch(
      new RegExp(`^procedures\\.3 \\(${sample.procedures[3]?.code.replace('.', '\\.')}\\)\\.duration`),
    );
    expect(stored()).toEqual(before);
  });
});
