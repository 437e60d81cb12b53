/**
 * Why a dossier is late (dated 2026-11-26): the hand-off where the time was lost, from the form 06 rows
 * (Phiếu kiểm soát quá trình giải quyết hồ sơ), and whether the apology (form 04) was issued in time —
 * at least one working day before the due time it replaced (DESIGN.md §2 "Late").
 *
 * - The first hand-off whose giving office handed on after its step's due date (timeliness "late") is
 *   where the time was lost. When no hand-off was late, the time was lost at the holder's own step: the
 *   office that recorded the result, or that holds the dossier now.
 * - The receiving side of that hand-off is the unit it named, else the office.
 * - Apology: "none" when no form 04 was issued, "inTime" when issued at least one working day before the
 *   due time, "late" otherwise (the domain's `extension.lateNotice`).
 */
import type { HandOff, ProjectedState } from '../dossier/fold';

export interface LateAnalysis {
  lostAt:
    | { kind: 'handoff'; fromOfficeId: string; toOfficeId: string; givenAt: string; stepDueAt: string | null }
    | { kind: 'holder'; officeId: string | null };
  apology: 'none' | 'inTime' | 'late';
  apologyIssuedAt: string | null;
}

export function lateAnalysis(state: ProjectedState): LateAnalysis {
  const late: HandOff | undefined = state.handoffs.find((h) => h.timeliness === 'late');
  const lostAt: LateAnalysis['lostAt'] = late
    ? {
        kind: 'handoff',
        fromOfficeId: late.fromOfficeId,
        toOfficeId: late.toUnitId ?? late.toOfficeId,
        givenAt: late.givenAt,
        stepDueAt: late.stepDueAt,
      }
    : { kind: 'holder', officeId: state.result?.officeId ?? state.holderUnitId ?? state.holderOfficeId };
  return {
    lostAt,
    apology: state.extension ? (state.extension.lateNotice ? 'late' : 'inTime') : 'none',
    apologyIssuedAt: state.extension?.issuedAt ?? null,
  };
}
