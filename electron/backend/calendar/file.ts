import { type CalendarFile, calendarFileSchema } from '../../../shared/calendar/schema';
import { parseWith } from '../../../shared/contract/dispatch';
import { AppError, type Issue } from '../../../shared/contract/result';
import { type Language, translator } from '../../../shared/i18n';

/** The schema's own short messages, said in words an administrator reads (settings:calendarIssues.*). */
const schemaMessages: Record<string, string> = {
  'YYYY-MM-DD': 'date',
  'HH:MM': 'clock',
  'start < end': 'periodOrder',
  'periods must be in order and must not overlap': 'periodsOverlap',
};

/**
 * Parses and validates a calendar file's text (format: shared/calendar/schema.ts, documented in the
 * README). A failure is an AppError whose issues name each wrong entry by its position and its date
 * or year (`years.0 (2025).entries.3 (2025-02-30).date`); nothing is changed by the caller then.
 */
export function parseCalendarFile(content: string, language: Language): CalendarFile {
  const t = translator(language);
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('CALENDAR_NOT_JSON', { detail: error instanceof Error ? error.message : String(error) });
  }
  const parsed = parseWith(calendarFileSchema, json, language);
  const issues: Issue[] = parsed.ok
    ? duplicates(parsed.value).map((d) => ({ path: d.path, message: t(`settings:calendarIssues.${d.key}`, d.params) }))
    : parsed.issues.map((issue) => {
        const key = schemaMessages[issue.message];
        return { path: issue.path, message: key ? t(`settings:calendarIssues.${key}`) : issue.message };
      });
  if (issues.length > 0 || !parsed.ok) {
    const named = issues.map((issue) => ({ ...issue, path: nameEntry(json, issue.path) }));
    throw new AppError('CALENDAR_INVALID', { count: named.length }, named.slice(0, 50));
  }
  return parsed.value;
}

interface Duplicate {
  path: string;
  key: 'duplicateDate' | 'duplicateYear';
  params: Record<string, string | number>;
}

/** A date listed twice in one list, or a year with two tables: the file says two things at once. */
function duplicates(file: CalendarFile): Duplicate[] {
  const found: Duplicate[] = [];
  const seenYears = new Map<number, number>();
  (file.years ?? []).forEach((table, i) => {
    const first = seenYears.get(table.year);
    if (first !== undefined)
      found.push({ path: `years.${i}.year`, key: 'duplicateYear', params: { year: table.year, first } });
    else seenYears.set(table.year, i);
    found.push(...duplicateDates(table.entries, `years.${i}.entries`));
  });
  found.push(...duplicateDates(file.entries ?? [], 'entries'));
  return found;
}

function duplicateDates(entries: readonly { date: string }[], prefix: string): Duplicate[] {
  const seen = new Map<string, number>();
  const found: Duplicate[] = [];
  entries.forEach((entry, i) => {
    const first = seen.get(entry.date);
    if (first !== undefined) {
      found.push({ path: `${prefix}.${i}.date`, key: 'duplicateDate', params: { date: entry.date, first } });
    } else seen.set(entry.date, i);
  });
  return found;
}

/** `years.0.entries.3.date` → `years.0 (2025).entries.3 (2025-02-30).date`, so the entry is found. */
export function nameEntry(json: unknown, path: string): string {
  // A bare array of entries is read as { entries: [...] }.
  let node: unknown = Array.isArray(json) ? { entries: json } : json;
  const parts = path === '' ? [] : path.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const container: unknown = node;
    node =
      typeof container === 'object' && container !== null ? (container as Record<string, unknown>)[part] : undefined;
    const label = Array.isArray(container) && typeof node === 'object' && node !== null ? labelOf(node) : undefined;
    out.push(label ? `${part} (${label})` : part);
  }
  return out.join('.');
}

function labelOf(record: object): string | undefined {
  const r = record as { date?: unknown; year?: unknown };
  if (typeof r.date === 'string') return r.date.slice(0, 20);
  if (typeof r.year === 'number' || typeof r.year === 'string') return String(r.year).slice(0, 10);
  return undefined;
}
