/**
 * Deadline alerts (dated 2026-11-26, DESIGN.md §2 "Late"):
 * - lastDay: an open dossier, clock running, with at most one working day (8 working hours) left —
 *   it must be resolved today or it will be late;
 * - apologyDue: no extension yet and at most two working days left — form 04 must be issued at least
 *   one working day before the due time, so the last moment to issue it falls within the next working
 *   day (from one working day left on, an apology can no longer be in time: it becomes lastDay only).
 * Paused dossiers (clock stopped), resolved ones and procedures without a deadline never alert.
 */
import { WORKING_DAY_MINUTES } from '../deadline/engine';

export type AlertKind = 'lastDay' | 'apologyDue';

export function alertKind(row: {
  remainingWorkingMinutes: number | null;
  pausedSince: string | null;
  resultAt: string | null;
  closed: boolean;
  hasExtension: boolean;
}): AlertKind | null {
  const left = row.remainingWorkingMinutes;
  if (left === null || row.closed || row.resultAt || row.pausedSince || left <= 0) return null;
  if (left <= WORKING_DAY_MINUTES) return 'lastDay';
  if (!row.hasExtension && left <= 2 * WORKING_DAY_MINUTES) return 'apologyDue';
  return null;
}
