/**
 * Form II.06a (Circular 01/2018/TT-VPCP, kept by Circular 03/2025/TT-VPCP as "Biểu II.06a"):
 * "Tình hình, kết quả giải quyết thủ tục hành chính tại cơ quan, đơn vị trực tiếp giải quyết TTHC",
 * one row per field (lĩnh vực). Pure: it takes dossier states (the fold of their events) and a working
 * calendar, so the desktop (local data) and the central server (the whole province) compute it alike.
 *
 * Rules (decided 2026-11-26, DESIGN.md §2 "Reports"; change them here and in the test together):
 * R1  Period [from, to] is a pair of local (UTC+7) dates, both included. An act is "in the period" when
 *     the local date of its legal time (the event's wall time) lies in [from, to]. "Before the period"
 *     means a local date < from; "at the end of the period" means the instant 00:00 of the day after `to`.
 * R2  Only dossiers actually received count (a `received` event). Refusals at the counter (form 03) and
 *     supplement requests at intake (form 02) never become dossiers and are not in this form.
 * R3  Resolved (đã giải quyết) = a result recorded (`result-recorded`, a positive result or a written
 *     refusal to grant, `negative: true`). The resolution date is the result's date, not the return.
 * R4  Ended without a result: withdrawn by the citizen (status 7), stopped with form 05 (status 8) and
 *     refused after receipt (status 3 at the processing stage). They are neither resolved nor pending
 *     from their date on; they are counted in the extra column `ended` (outside the legal columns) so that
 *     the table still balances: total received = resolved + pending + ended. Counting a stop or a
 *     late refusal as "resolved on time" would inflate the on-time rate.
 * R5  Received (số hồ sơ nhận giải quyết), as the official template lays it out:
 *       total = carried over + new online + new in person or postal;
 *       new online = received in the period with channel 2; new in person or postal = channels 1 and 3;
 *       carried over (từ kỳ trước chuyển qua) = received before `from` and neither resolved nor ended
 *       before `from`.
 * R6  Resolved in the period, split by the domain's timeliness (DESIGN.md §2): the local date of the
 *     result against the local date of the due time in force — an extension (form 04) replaces the due
 *     time, pauses (supplement, financial obligation) move it. Before the due date = early, on the due
 *     date = on time, after = late. A procedure without a deadline (unit "none") counts as on time.
 * R7  Pending at the end of the period = received on or before `to`, neither resolved nor ended on or
 *     before `to`. Overdue when the due time in force at the end of the period (pauses counted up to that
 *     instant, an extension only if issued by then) is before that instant, i.e. its date is ≤ `to`; else
 *     within time. A dossier paused at the end of the period keeps its clock stopped, so it is overdue
 *     only if it was already past due when it was paused.
 * R8  Field = the field code in the procedure snapshot taken at receipt; dossiers without one are grouped
 *     under the empty code (shown as "Chưa xác định lĩnh vực").
 * R9  The office scope (which dossiers belong to an office subtree) is decided by the caller: on the
 *     desktop, a dossier whose receiving office or current holder is in the subtree.
 */
import { addDays, instantMs, type LocalDate, localDateOf, startOfLocalDay } from '../calendar/time';
import { computeDeadline, timeliness } from '../deadline/engine';
import { calendarOf, type FoldContext, type ProjectedState } from '../dossier/fold';

export interface Ii06aCells {
  /** (1) = (2) + (3) + (4). */
  receivedTotal: number;
  /** (2) received before the period, still open at its start. */
  carriedOver: number;
  /** (3) new in the period, online (channel 2). */
  receivedOnline: number;
  /** (4) new in the period, in person or by post (channels 1 and 3). */
  receivedDirect: number;
  /** (5) = (6) + (7) + (8). */
  resolvedTotal: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** (9) = (10) + (11). */
  pendingTotal: number;
  pendingWithinTime: number;
  pendingOverdue: number;
  /** Not a legal column: withdrawn, stopped or refused after receipt during the period (rule R4). */
  ended: number;
}

export interface Ii06aRow extends Ii06aCells {
  fieldCode: string;
}

export interface Ii06aReport {
  from: LocalDate;
  to: LocalDate;
  rows: Ii06aRow[];
  totals: Ii06aCells;
}

export const emptyCells = (): Ii06aCells => ({
  receivedTotal: 0,
  carriedOver: 0,
  receivedOnline: 0,
  receivedDirect: 0,
  resolvedTotal: 0,
  resolvedEarly: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  pendingTotal: 0,
  pendingWithinTime: 0,
  pendingOverdue: 0,
  ended: 0,
});

export const cellKeys = Object.keys(emptyCells()) as (keyof Ii06aCells)[];

/**
 * The due time (ms) in force at instant `at`, from the history known now: pauses started after `at`
 * are ignored and open ones counted up to `at`; an extension counts only if issued by `at`.
 * Null when the procedure has no deadline.
 */
export function dueAsOf(state: ProjectedState, ctx: FoldContext, at: number): number | null {
  if (!state.receivedAt || !state.duration) return null;
  const extension =
    state.extension && instantMs(state.extension.issuedAt) <= at
      ? { issuedAt: instantMs(state.extension.issuedAt), newDueAt: instantMs(state.extension.newDueAt) }
      : null;
  const pauses = state.pauses
    .map((p) => ({ from: instantMs(p.from), to: p.to === null ? null : instantMs(p.to) }))
    .filter((p) => p.from < at)
    .map((p) => ({ from: p.from, to: p.to === null || p.to > at ? at : p.to }));
  return computeDeadline(calendarOf(state, ctx), {
    receivedAt: instantMs(state.receivedAt),
    duration: state.duration,
    pauses,
    extension,
  }).dueAt;
}

/** When and how a dossier stopped being open: a result (R3) or an end without result (R4). */
export function closureOf(state: ProjectedState): { kind: 'resolved' | 'ended'; at: string } | null {
  if (state.result) return { kind: 'resolved', at: state.result.recordedAt };
  if (state.withdrawal) return { kind: 'ended', at: state.withdrawal.at };
  if (state.stop) return { kind: 'ended', at: state.stop.at };
  if (state.refusal && state.receivedAt) return { kind: 'ended', at: state.refusal.at };
  return null;
}

export type Ii06aClass =
  | { counted: false }
  | {
      counted: true;
      fieldCode: string;
      received: 'carriedOver' | 'online' | 'direct';
      outcome: 'early' | 'on-time' | 'late' | 'pendingWithinTime' | 'pendingOverdue' | 'ended';
    };

/** How one dossier enters the form for a period (rules R1–R8). */
export function classifyIi06a(state: ProjectedState, ctx: FoldContext, from: LocalDate, to: LocalDate): Ii06aClass {
  if (!state.receivedAt) return { counted: false };
  const receivedOn = localDateOf(instantMs(state.receivedAt));
  if (receivedOn > to) return { counted: false };
  const closure = closureOf(state);
  const closedOn = closure ? localDateOf(instantMs(closure.at)) : null;
  let received: 'carriedOver' | 'online' | 'direct';
  if (receivedOn < from) {
    if (closedOn !== null && closedOn < from) return { counted: false };
    received = 'carriedOver';
  } else received = state.channel === 2 ? 'online' : 'direct';
  const fieldCode = state.procedure?.fieldCode ?? '';
  if (closure && closedOn !== null && closedOn <= to) {
    if (closure.kind === 'ended') return { counted: true, fieldCode, received, outcome: 'ended' };
    const resultAt = instantMs(closure.at);
    const due = dueAsOf(state, ctx, resultAt);
    const t = due === null ? 'on-time' : timeliness(resultAt, due);
    return { counted: true, fieldCode, received, outcome: t };
  }
  const end = startOfLocalDay(addDays(to, 1));
  const due = dueAsOf(state, ctx, end);
  const overdue = due !== null && due < end;
  return { counted: true, fieldCode, received, outcome: overdue ? 'pendingOverdue' : 'pendingWithinTime' };
}

function add(cells: Ii06aCells, c: Extract<Ii06aClass, { counted: true }>): void {
  cells.receivedTotal++;
  if (c.received === 'carriedOver') cells.carriedOver++;
  else if (c.received === 'online') cells.receivedOnline++;
  else cells.receivedDirect++;
  switch (c.outcome) {
    case 'early':
      cells.resolvedTotal++;
      cells.resolvedEarly++;
      break;
    case 'on-time':
      cells.resolvedTotal++;
      cells.resolvedOnTime++;
      break;
    case 'late':
      cells.resolvedTotal++;
      cells.resolvedLate++;
      break;
    case 'pendingWithinTime':
      cells.pendingTotal++;
      cells.pendingWithinTime++;
      break;
    case 'pendingOverdue':
      cells.pendingTotal++;
      cells.pendingOverdue++;
      break;
    case 'ended':
      cells.ended++;
      break;
  }
}

export function sumCells(rows: readonly Ii06aCells[]): Ii06aCells {
  const total = emptyCells();
  for (const r of rows) for (const k of cellKeys) total[k] += r[k];
  return total;
}

/**
 * Form II.06a over the given dossiers (already limited to the office scope). Rows follow
 * `fieldOrder` (the catalogue's order), then any other field code, then the unknown field; fields
 * without any dossier are left out.
 */
export function computeIi06a(
  states: Iterable<ProjectedState>,
  ctx: FoldContext,
  period: { from: LocalDate; to: LocalDate },
  fieldOrder: readonly string[] = [],
): Ii06aReport {
  const byField = new Map<string, Ii06aCells>();
  for (const state of states) {
    const c = classifyIi06a(state, ctx, period.from, period.to);
    if (!c.counted) continue;
    let cells = byField.get(c.fieldCode);
    if (!cells) {
      cells = emptyCells();
      byField.set(c.fieldCode, cells);
    }
    add(cells, c);
  }
  const rows = sortIi06aRows(
    [...byField.entries()].map(([fieldCode, cells]) => ({ fieldCode, ...cells })),
    fieldOrder,
  );
  return { from: period.from, to: period.to, rows, totals: sumCells(rows) };
}

/**
 * Rows in `fieldOrder` (the catalogue's order), then any other field code in code order, then the
 * unknown field (empty code). A report computed elsewhere (the central server) is put in the reader's
 * catalogue order with it.
 */
export function sortIi06aRows<R extends { fieldCode: string }>(rows: readonly R[], fieldOrder: readonly string[]): R[] {
  const index = new Map<string, number>();
  fieldOrder.forEach((code, i) => {
    if (!index.has(code)) index.set(code, i);
  });
  const rank = (code: string) => (code === '' ? Number.MAX_SAFE_INTEGER : (index.get(code) ?? fieldOrder.length));
  return [...rows].sort(
    (a, b) =>
      rank(a.fieldCode) - rank(b.fieldCode) || (a.fieldCode < b.fieldCode ? -1 : a.fieldCode > b.fieldCode ? 1 : 0),
  );
}
