/** National status codes used with the national portal (DESIGN.md §2). */
export const NATIONAL_STATUS = {
  registered: 1,
  received: 2,
  refused: 3,
  processing: 4,
  supplementRequested: 5,
  financialObligationRequested: 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  returned: 10,
} as const;
export type NationalStatusName = keyof typeof NATIONAL_STATUS;
export type NationalStatusCode = (typeof NATIONAL_STATUS)[NationalStatusName];

export const STATUS_NAME_BY_CODE: Record<NationalStatusCode, NationalStatusName> = {
  1: 'registered',
  2: 'received',
  3: 'refused',
  4: 'processing',
  5: 'supplementRequested',
  6: 'financialObligationRequested',
  7: 'withdrawn',
  8: 'stopped',
  9: 'processed',
  10: 'returned',
};

/** Statuses after which nothing but a satisfaction rating (after return) may happen. */
export const CLOSED_STATUSES: ReadonlySet<number> = new Set([3, 7, 8, 10]);
