/**
 * The administrator's command line. Prints JSON only on stdout; a refused input prints
 * `{"error":{"code","message"}}` and exits with code 2. Pure apart from the injected IO, so tests can
 * call `runCli` directly as well as spawn the bin.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createCalendar, type WorkingCalendar } from '../../shared/calendar/calendar';
import { type CalendarFile, calendarFileSchema } from '../../shared/calendar/schema';
import {
  formatInstant,
  formatLocalMinute,
  localDateOf,
  localDateSchema,
  parseInstant,
} from '../../shared/calendar/time';
import { parseCccdQr } from '../../shared/cccd/parse';
import { clockTimeSchema, type Duration } from '../../shared/deadline/duration';
import { computeDeadline, remainingWorkingTime, timeliness, WORKING_DAY_MINUTES } from '../../shared/deadline/engine';
import { DomainError, type DomainErrorCode, domainMessage, type Lang } from '../../shared/i18n/domain-error';

export interface CliIo {
  /** Reads a text file (the calendar file). */
  readFile(path: string): string;
  /** Current time, epoch ms (for "today" and "now" defaults). */
  now(): number;
  env?: Record<string, string | undefined>;
}

export interface CliResult {
  code: number;
  stdout: string;
}

const USAGE = [
  'calendar --year YYYY [--calendar FILE]',
  'deadline --received YYYY-MM-DDTHH:MM --duration N --unit working-days|calendar-days|same-day|none',
  '         [--cutoff HH:MM] [--calendar FILE] [--pause FROM,TO]... [--completed TIME] [--now TIME]',
  'cccd "<qr text>" [--today YYYY-MM-DD]',
  'import-catalogue --file FILE [--data DIR]',
  'import-calendar --file FILE [--data DIR]',
].join(' | ');

class CliError extends Error {
  constructor(
    readonly errorCode: DomainErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(errorCode);
  }
}

function zodDetails(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

const instantArg = (name: string) =>
  z.string().transform((v, ctx) => {
    // A bare date means the start of that day (the clock then starts at its first working period).
    const ms = parseInstant(/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? `${v.trim()}T00:00` : v);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `--${name}: expected YYYY-MM-DDTHH:MM (Vietnam time) or ISO 8601` });
      return z.NEVER;
    }
    return ms;
  });

const yearArgs = z.object({
  year: z.coerce.number({ message: '--year: a year is required' }).int().min(1900).max(2199),
  calendar: z.string().optional(),
});

const deadlineArgs = z
  .object({
    received: instantArg('received'),
    unit: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/_/g, '-') : v),
      z.enum(['working-days', 'calendar-days', 'same-day', 'none'], {
        message: '--unit: working-days, calendar-days, same-day or none',
      }),
    ),
    duration: z.coerce.number({ message: '--duration: a number is required' }).positive().optional(),
    cutoff: clockTimeSchema.optional(),
    calendar: z.string().optional(),
    pause: z.array(z.string()).default([]),
    completed: instantArg('completed').optional(),
    now: instantArg('now').optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.unit === 'working-days' || a.unit === 'calendar-days') && a.duration === undefined) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: `--duration is required with --unit ${a.unit}` });
    }
    if (a.unit === 'calendar-days' && a.duration !== undefined && !Number.isInteger(a.duration)) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'calendar days must be a whole number' });
    }
    if (a.duration !== undefined && a.duration > 3650) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'at most 3650' });
    }
  });

function loadCalendar(io: CliIo, path: string | undefined): WorkingCalendar {
  if (!path) return createCalendar();
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    throw new CliError('CLI_FILE_UNREADABLE', { file: path, details: e instanceof Error ? e.message : String(e) });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError('CALENDAR_FILE_INVALID', { details: e instanceof Error ? e.message : 'not JSON' });
  }
  const parsed = calendarFileSchema.safeParse(json);
  if (!parsed.success) throw new CliError('CALENDAR_FILE_INVALID', { details: zodDetails(parsed.error) });
  return createCalendar(parsed.data as CalendarFile);
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new CliError('CLI_ARGUMENT_INVALID', { details: zodDetails(r.error) });
  return r.data;
}

function cmdCalendar(args: string[], io: CliIo): unknown {
  const { values, positionals } = parseArgs({
    args,
    options: { year: { type: 'string' }, calendar: { type: 'string' }, lang: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const a = parse(yearArgs, { ...values, year: values.year ?? positionals[0] });
  const cal = loadCalendar(io, a.calendar);
  const view = cal.year(a.year);
  const schedule = cal.scheduleOn(`${a.year}-01-01`);
  const pick = (e: (typeof view.entries)[number]) => ({
    date: e.date,
    kind: e.kind,
    ...(e.name ? { name: e.name } : {}),
    ...(e.source ? { source: e.source } : {}),
    ...(e.note ? { note: e.note } : {}),
  });
  return {
    year: a.year,
    origin: view.origin,
    source: view.source ?? null,
    weekendDays: schedule.weekendDays,
    workingPeriods: schedule.periods,
    nonWorkingDates: view.entries.filter((e) => e.kind !== 'SWAP_WORKDAY').map(pick),
    swapWorkdays: view.entries.filter((e) => e.kind === 'SWAP_WORKDAY').map(pick),
  };
}

function cmdDeadline(args: string[], io: CliIo): unknown {
  const { values } = parseArgs({
    args,
    options: {
      received: { type: 'string' },
      duration: { type: 'string' },
      unit: { type: 'string' },
      cutoff: { type: 'string' },
      calendar: { type: 'string' },
      pause: { type: 'string', multiple: true },
      completed: { type: 'string' },
      now: { type: 'string' },
      lang: { type: 'string' },
    },
    strict: true,
  });
  const a = parse(deadlineArgs, values);
  const base = loadCalendar(io, a.calendar);
  // The dossier keeps the working hours in force on the day it was received.
  const schedule = base.scheduleOn(localDateOf(a.received));
  const cal = base.withSchedule(schedule);
  let duration: Duration;
  switch (a.unit) {
    case 'working-days':
      duration = { unit: 'working-days', value: a.duration ?? 0 };
      break;
    case 'calendar-days':
      duration = { unit: 'calendar-days', value: a.duration ?? 0 };
      break;
    case 'same-day': {
      // Without --cutoff: same day whenever received within working hours (cut-off = closing time).
      const last = schedule.periods[schedule.periods.length - 1];
      duration = { unit: 'same-day', cutoff: a.cutoff ?? last?.end ?? '17:00' };
      break;
    }
    case 'none':
      duration = { unit: 'none' };
      break;
  }
  const pauses = a.pause.map((p) => {
    const [fromText, toText, ...more] = p.split(',').map((x) => x.trim());
    const from = fromText ? parseInstant(fromText) : null;
    const to = toText ? parseInstant(toText) : null;
    if (more.length > 0 || from === null || to === null) {
      throw new CliError('DEADLINE_PAUSE_INVALID', { details: `"${p}": expected FROM,TO (YYYY-MM-DDTHH:MM)` });
    }
    if (to < from) throw new CliError('DEADLINE_PAUSE_INVALID', { details: `"${p}": TO is before FROM` });
    return { from, to };
  });
  const r = computeDeadline(cal, { receivedAt: a.received, duration, pauses });
  const out: Record<string, unknown> = {
    due: r.dueAt === null ? null : formatLocalMinute(r.dueAt),
    dueAt: r.dueAt === null ? null : formatInstant(r.dueAt),
    received: formatLocalMinute(a.received),
    clockStart: formatLocalMinute(r.clockStartAt),
    baseDue: r.baseDueAt === null ? null : formatLocalMinute(r.baseDueAt),
    duration,
    durationWorkingMinutes: duration.unit === 'working-days' ? Math.round(duration.value * WORKING_DAY_MINUTES) : null,
    pausedWorkingMinutes: Math.round(r.pausedWorkingMs / 60_000),
    workingPeriods: schedule.periods,
    weekendDays: schedule.weekendDays,
  };
  if (a.completed !== undefined) out.timeliness = r.dueAt === null ? null : timeliness(a.completed, r.dueAt);
  if (a.now !== undefined && r.dueAt !== null) {
    out.remainingWorkingMinutes = Math.round(remainingWorkingTime(cal, r.dueAt, a.now) / 60_000);
  }
  return out;
}

function cmdCccd(args: string[], io: CliIo): unknown {
  const { values, positionals } = parseArgs({
    args,
    options: { today: { type: 'string' }, lang: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) {
    throw new CliError('CLI_USAGE', { details: 'cccd "<qr text>" (quote the text as one argument)' });
  }
  const today = values.today === undefined ? localDateOf(io.now()) : parse(localDateSchema, values.today);
  return parseCccdQr(positionals[0] ?? '', { today });
}

function langOf(args: string[], io: CliIo): Lang {
  const i = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = i < 0 ? io.env?.MOTCUA_LANG : args[i]?.includes('=') ? args[i]?.split('=')[1] : args[i + 1];
  return v === 'en' ? 'en' : 'vi';
}

export function runCli(argv: readonly string[], io: CliIo): CliResult {
  const [command, ...rest] = argv;
  const lang = langOf([...argv], io);
  const ok = (value: unknown): CliResult => ({ code: 0, stdout: `${JSON.stringify(value, null, 2)}\n` });
  const fail = (code: DomainErrorCode, params: Record<string, string | number> = {}): CliResult => ({
    code: 2,
    stdout: `${JSON.stringify({ error: { code, message: domainMessage(code, lang, params), params } }, null, 2)}\n`,
  });
  try {
    switch (command) {
      case 'calendar':
        return ok(cmdCalendar(rest, io));
      case 'deadline':
        return ok(cmdDeadline(rest, io));
      case 'cccd':
        return ok(cmdCccd(rest, io));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return fail('CLI_USAGE', { details: USAGE });
      default:
        return fail('CLI_UNKNOWN_COMMAND', { command });
    }
  } catch (e) {
    if (e instanceof CliError) return fail(e.errorCode, e.params);
    if (e instanceof DomainError) return fail(e.code, e.params);
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      return fail('CLI_ARGUMENT_INVALID', { details: e.message });
    }
    const message = e instanceof Error ? e.message : String(e);
    return { code: 1, stdout: `${JSON.stringify({ error: { code: 'INTERNAL', message } }, null, 2)}\n` };
  }
}
