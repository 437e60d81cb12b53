/**
 * The stored form of a folded dossier state: the desktop's projection keeps one per dossier (the
 * `state` column of its `dossier` row), which lists, alerts and reports read back.
 *
 * Every change of a dossier writes its row again, and a first sync writes 100,000 of them, each twice
 * (into the log, then into the database by the checkpoint); the rows were the largest table, one per
 * 4 KB page. The stored form leaves out what it can give back exactly:
 * - every field whose value is the empty state's (null, [], {}, 0, false): most fields of most
 *   dossiers are empty;
 * - what the row holds in its own columns: the dossier id (`id`) and the last event's HLC (`last_hlc`);
 * - what follows from other fields: the status name and `closed` (from the status code), the duration
 *   when it is the procedure's;
 * - the event ids, which are the event table's: only the fold needs them (to refuse an event twice),
 *   and it folds from the events, never from a stored state. What is read back is a `ProjectedState` (fold.ts).
 *
 * For a returned dossier this is about 1,500 bytes instead of 2,200, and two rows fit in a page. A
 * field is left out only when `implied` gives back the same value, so reading back is exact, and a row
 * written whole (by an earlier release) reads back the same as well.
 */
import { type DossierState, emptyDossierState, type ProjectedState } from './fold';
import { CLOSED_STATUSES, STATUS_NAME_BY_CODE } from './status';

/** The projection row's columns the stored form relies on. */
export interface StoredStateRow {
  id: string;
  last_hlc: string | null;
  state: string;
}

type Key = keyof ProjectedState;
const KEYS = (Object.keys(emptyDossierState('')) as (keyof DossierState)[]).filter(
  (key): key is Key => key !== 'eventIds',
);
/** Compared against only: a state read back gets arrays and objects of its own. */
const EMPTY: Record<Key, unknown> = emptyDossierState('');

/**
 * The value `key` takes when the stored form leaves it out, from the row, the fields it follows and
 * the empty state (`empty`).
 */
function implied(
  key: Key,
  state: Pick<ProjectedState, 'status' | 'procedure'>,
  row: Omit<StoredStateRow, 'state'>,
  empty: Record<Key, unknown>,
) {
  switch (key) {
    case 'dossierId':
      return row.id;
    case 'lastHlc':
      return row.last_hlc;
    case 'statusName':
      return state.status === 0 ? 'none' : STATUS_NAME_BY_CODE[state.status];
    case 'closed':
      return CLOSED_STATUSES.has(state.status);
    case 'duration':
      return state.procedure?.duration ?? null;
    default:
      return empty[key];
  }
}

/** Equal as JSON, with no serialising in the usual cases (equal primitives, sizes that differ). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.keys(a).length !== Object.keys(b).length) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The text stored for a state; its row's `id` and `last_hlc` must be the state's own. */
export function packState(state: DossierState): string {
  const row = { id: state.dossierId, last_hlc: state.lastHlc };
  const stored: Partial<Record<Key, unknown>> = {};
  for (const key of KEYS) {
    if (!same(state[key], implied(key, state, row, EMPTY))) stored[key] = state[key];
  }
  return JSON.stringify(stored);
}

/** The state a projection row holds, with its fields in the fold's order. */
export function unpackState(row: StoredStateRow): ProjectedState {
  const stored = JSON.parse(row.state) as Partial<ProjectedState>;
  const basis = { status: stored.status ?? 0, procedure: stored.procedure ?? null };
  const empty: Record<Key, unknown> = emptyDossierState(row.id);
  const state: Partial<Record<Key, unknown>> = {};
  for (const key of KEYS) state[key] = key in stored ? stored[key] : implied(key, basis, row, empty);
  return state as ProjectedState;
}
