import { addDays, formatInstant, type LocalDate, localDateOf, parseInstant } from '../calendar/time';

/** dd/MM/yyyy (DESIGN.md §9). */
export function formatLocalDate(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** The default dashboard period: the last three months up to today (both included). */
export function defaultPeriod(now: number): { from: LocalDate; to: LocalDate } {
  const to = localDateOf(now);
  const y = Number(to.slice(0, 4));
  const m = Number(to.slice(5, 7));
  const first = new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 10);
  return { from: addDays(first, 0), to };
}

/** dd/MM/yyyy HH:mm in Vietnam time, from an ISO instant (any offset); the text itself if it is none. */
export function formatLocalDateTime(iso: string): string {
  const ms = parseInstant(iso);
  if (ms === null) return iso;
  const local = formatInstant(ms);
  return `${formatLocalDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
