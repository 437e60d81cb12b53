import { type DossierEvent, dossierEventSchema } from '../../shared/dossier/events';

/** A row of the `events` table. */
export interface EventRow extends Record<string, unknown> {
  server_seq: string | number;
  id: string;
  dossier_id: string;
  type: string;
  office_id: string;
  user_id: string;
  device_id: string;
  hlc: string;
  wall_time: string;
  payload: unknown;
  received_at: Date | string;
}

/** The event as it was pushed (payload kept as sent, including fields this server does not know). */
export function rawEventOf(row: EventRow): Record<string, unknown> {
  return {
    id: row.id,
    dossierId: row.dossier_id,
    type: row.type,
    actor: { userId: row.user_id, officeId: row.office_id },
    deviceId: row.device_id,
    hlc: row.hlc,
    wallTime: row.wall_time,
    payload: row.payload,
  };
}

/** The event with the schema's defaults applied, for the fold. */
export function eventOf(row: EventRow): DossierEvent {
  return dossierEventSchema.parse(rawEventOf(row));
}
