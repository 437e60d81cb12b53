import type { Migration } from '.';

/**
 * The per-office queue counts of migration 7 are kept by the dossier store (`recountOffices`, in the
 * transaction that writes the projection row) instead of by triggers. A statement that fires a trigger
 * copies every page it changes into a statement journal, and a projection row changes a dozen index
 * pages: on the encrypted database the triggers more than doubled the cost of each projection write
 * (85 µs of 150 µs per dossier in a first sync, bench/sync.bench.ts, BENCHMARKS.md session 6). The counts
 * themselves are unchanged: they were right when the triggers went, and the store keeps them right.
 */
export const m009OfficeCountsInStore: Migration = {
  version: 9,
  name: 'office-counts-in-store',
  up: `
    DROP TRIGGER dossier_office_count_insert;
    DROP TRIGGER dossier_office_count_update;
    DROP TRIGGER dossier_office_count_delete;
  `,
};
