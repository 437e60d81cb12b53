import type { DossierEvent } from '../../../shared/dossier/events';

/** An event as the event table holds it (the columns every reader needs). */
export interface EventRow {
  id: string;
  dossier_id: string;
  type: string;
  hlc: string;
  wall_time: string;
  user_id: string;
  office_id: string;
  device_id: string;
  /** The payload's JSON text. */
  payload: string;
}

/** An event row with its place in the table (`seq`: the order events were stored in). */
export type StoredEventRow = EventRow & { seq: number };

/** The event a stored row holds, its payload parsed from the JSON text. */
export function eventOfRow(row: EventRow): DossierEvent {
  return {
    id: row.id,
    dossierId: row.dossier_id,
    type: row.type,
    hlc: row.hlc,
    wallTime: row.wall_time,
    actor: { userId: row.user_id, officeId: row.office_id },
    deviceId: row.device_id,
    payload: JSON.parse(row.payload) as unknown,
  } as DossierEvent;
}
