/**
 * The layout of form II.06a as data (DESIGN.md §2: forms may be corrected without a release): the
 * column order of the cells and the header cells with their spans, on a grid of 3 header rows plus
 * the row of column numbers. Labels are translation keys of the `reports` namespace (`ii06a.head.*`).
 * Layout after the template of Circular 01/2018/TT-VPCP as published; checked 2026-11-26.
 */
import type { Ii06aCells } from './ii06a';

/** The data columns after "STT" and "Lĩnh vực", in order; `ended` is ours, outside the legal form. */
export const II06A_COLUMNS: readonly (keyof Ii06aCells)[] = [
  'receivedTotal',
  'carriedOver',
  'receivedOnline',
  'receivedDirect',
  'resolvedTotal',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'pendingTotal',
  'pendingWithinTime',
  'pendingOverdue',
  'ended',
];

export interface HeaderCell {
  /** Translation key under `reports:ii06a.head.`. */
  label: string;
  /** 0-based grid row (0–2) and column (0 = STT, 1 = field, 2… = II06A_COLUMNS). */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export const II06A_HEADER_ROWS = 3;

export const II06A_HEADER: readonly HeaderCell[] = [
  { label: 'index', row: 0, col: 0, rowSpan: 3, colSpan: 1 },
  { label: 'field', row: 0, col: 1, rowSpan: 3, colSpan: 1 },
  { label: 'received', row: 0, col: 2, rowSpan: 1, colSpan: 4 },
  { label: 'results', row: 0, col: 6, rowSpan: 1, colSpan: 7 },
  { label: 'ended', row: 0, col: 13, rowSpan: 3, colSpan: 1 },
  { label: 'total', row: 1, col: 2, rowSpan: 2, colSpan: 1 },
  { label: 'ofWhich', row: 1, col: 3, rowSpan: 1, colSpan: 3 },
  { label: 'resolved', row: 1, col: 6, rowSpan: 1, colSpan: 4 },
  { label: 'pending', row: 1, col: 10, rowSpan: 1, colSpan: 3 },
  { label: 'carriedOver', row: 2, col: 3, rowSpan: 1, colSpan: 1 },
  { label: 'receivedOnline', row: 2, col: 4, rowSpan: 1, colSpan: 1 },
  { label: 'receivedDirect', row: 2, col: 5, rowSpan: 1, colSpan: 1 },
  { label: 'total', row: 2, col: 6, rowSpan: 1, colSpan: 1 },
  { label: 'early', row: 2, col: 7, rowSpan: 1, colSpan: 1 },
  { label: 'onTime', row: 2, col: 8, rowSpan: 1, colSpan: 1 },
  { label: 'late', row: 2, col: 9, rowSpan: 1, colSpan: 1 },
  { label: 'total', row: 2, col: 10, rowSpan: 1, colSpan: 1 },
  { label: 'withinTime', row: 2, col: 11, rowSpan: 1, colSpan: 1 },
  { label: 'overdue', row: 2, col: 12, rowSpan: 1, colSpan: 1 },
];

/** The row of column numbers under the headings: (A) (B) (1) … (11) and (12) for our extra column. */
export const II06A_NUMBERS: readonly string[] = ['(A)', '(B)', ...II06A_COLUMNS.map((_, i) => `(${i + 1})`)];
