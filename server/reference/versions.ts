import type { Transaction } from '../db/database';

/**
 * Advisory lock key (one-key form, like APPEND_LOCK in server/sync/push.ts). Reference documents,
 * users and user departures take their versions from one sequence, and a desktop keeps only the
 * highest version it has seen (`since`). A transaction that took version 10 but committed after one
 * that took 11 would be skipped by a desktop that pulled between the two commits. Held from just
 * before a version is taken to the commit, this lock makes versions visible in the order taken.
 */
const REFERENCE_LOCK = 726_005;

/**
 * Call inside the transaction, right before the statement that takes a reference version (a lock
 * taken outside a transaction is released at once). Taking it again in the same transaction is free.
 */
export async function lockReferenceVersions(tx: Transaction): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${REFERENCE_LOCK})`);
}
