import type { DossierState } from '../../../shared/dossier/fold';
import { fold as foldText } from '../../../shared/text/fold';

/**
 * What the `dossier` table and `dossier_fts` hold of a folded dossier, ready to bind: the projection's
 * columns in `PROJECTION_COLUMNS` order (the state's JSON last) and the folded full-text fields. Pure,
 * so a pulled page can be prepared off the database's thread (sync/pull-worker.ts).
 */
export interface Projection {
  values: (string | number | null)[];
  fts: { code: string; names: string; numbers: string };
}

export const PROJECTION_COLUMNS = [
  'code',
  'status',
  'closed',
  'procedure_code',
  'procedure_name',
  'field_code',
  'channel',
  'applicant_name',
  'applicant_id_number',
  'applicant_phone',
  'owner_name',
  'owner_id_number',
  'receiving_office_id',
  'holder_office_id',
  'holder_unit_id',
  'received_by',
  'received_at',
  'due_at',
  'paused_since',
  'result_at',
  'returned_at',
  'late_notice',
  'last_hlc',
  'state',
] as const;

/** `receivedBy`: the officer who recorded the dossier's `received` event, when there is one. */
export function projectionOf(state: DossierState, receivedBy: string | null): Projection {
  const names = [state.applicant?.fullName, state.owner?.fullName].filter(Boolean).join(' ');
  const numbers = [state.applicant?.idNumber, state.owner?.idNumber, state.applicant?.phone, state.owner?.phone]
    .filter(Boolean)
    .join(' ');
  return {
    values: [
      state.code,
      state.status,
      state.closed ? 1 : 0,
      state.procedure?.code ?? null,
      state.procedure?.name ?? null,
      state.procedure?.fieldCode ?? null,
      state.channel,
      state.applicant?.fullName ?? null,
      state.applicant?.idNumber ?? null,
      state.applicant?.phone ?? null,
      state.owner?.fullName ?? null,
      state.owner?.idNumber ?? null,
      state.receivingOfficeId,
      state.holderOfficeId,
      state.holderUnitId,
      receivedBy,
      state.receivedAt,
      state.dueAt,
      state.pausedSince,
      state.result?.recordedAt ?? null,
      state.returned?.returnedAt ?? null,
      state.extension?.lateNotice ? 1 : 0,
      state.lastHlc,
      JSON.stringify(state),
    ],
    fts: { code: foldText(state.code ?? ''), names: foldText(names), numbers },
  };
}
