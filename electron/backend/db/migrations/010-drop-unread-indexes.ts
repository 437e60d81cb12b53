import type { Migration } from '.';

/**
 * Drops three indexes of migration 2 that no query reads: the applicant's and the owner's ID number and
 * the applicant's phone. Search by an ID number or a phone goes through the full-text entry's `numbers`
 * column (dossier_fts), and nothing else looks a dossier up by them. Every projection write still paid
 * for them, and dearly: ID numbers and phones are scattered, so each page of a pull wrote into pages all
 * over these three B-trees. With scattered numbers in the sync bench (as a real office's are), a first
 * sync of 100,000 dossiers wrote 1523 MB with them and 1193 MB without, and a week's catch-up 98 MB and
 * 34 MB (bench/sync.bench.ts, BENCHMARKS.md session 14). No data goes: an index holds only copies of the
 * row's columns.
 */
export const m010DropUnreadIndexes: Migration = {
  version: 10,
  name: 'drop-unread-indexes',
  up: `
    DROP INDEX dossier_id_number;
    DROP INDEX dossier_owner_id_number;
    DROP INDEX dossier_phone;
  `,
};
