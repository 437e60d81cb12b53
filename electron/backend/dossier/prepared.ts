import type { DossierEvent } from '../../../shared/dossier/events';
import { type FoldContext, fold } from '../../../shared/dossier/fold';
import { canonicalEventJson, canonicalJson } from '../audit/canonical';
import { type Projection, projectionOf } from './projection';

/**
 * Events ready to store: each as the event table's columns with the canonical text the audit chain
 * hashes; and each dossier the events touch, folded from these events alone, as its projection row.
 * Everything here is computed without the database, so a pull page is prepared on the pull worker's
 * thread (sync/pull-worker.ts) while the database's thread stores the page before.
 */
export interface PreparedEvent {
  id: string;
  dossierId: string;
  type: string;
  hlc: string;
  wallTime: string;
  userId: string;
  officeId: string;
  deviceId: string;
  payload: string;
  serverSeq: number | null;
  /** `canonicalEventJson` of the event: what its audit-chain link hashes. */
  canonical: string;
}

export interface PreparedDossier {
  dossierId: string;
  /** The dossier's events among the prepared ones (the projection below folds exactly these). */
  eventIds: string[];
  closed: boolean;
  projection: Projection;
}

export interface PreparedEvents {
  events: PreparedEvent[];
  dossiers: PreparedDossier[];
  /** The greatest HLC among the events ('' when there are none). */
  latestHlc: string;
}

export function prepareEvent(event: DossierEvent, serverSeq: number | null): PreparedEvent {
  return {
    id: event.id,
    dossierId: event.dossierId,
    type: event.type,
    hlc: event.hlc,
    wallTime: event.wallTime,
    userId: event.actor.userId,
    officeId: event.actor.officeId,
    deviceId: event.deviceId,
    // As given (its keys in the schema's order, as the fold reads them back), and canonical for the chain.
    payload: JSON.stringify(event.payload),
    serverSeq,
    canonical: canonicalEventJson(event, canonicalJson(event.payload)),
  };
}

/** Prepares events in the order given, and folds each dossier they touch from its events among them. */
export function prepareEvents(
  items: readonly { event: DossierEvent; serverSeq: number | null }[],
  ctx: FoldContext,
): PreparedEvents {
  const events: PreparedEvent[] = [];
  const byDossier = new Map<string, DossierEvent[]>();
  let latestHlc = '';
  for (const { event, serverSeq } of items) {
    events.push(prepareEvent(event, serverSeq));
    const group = byDossier.get(event.dossierId);
    if (group) group.push(event);
    else byDossier.set(event.dossierId, [event]);
    if (event.hlc > latestHlc) latestHlc = event.hlc;
  }
  const dossiers: PreparedDossier[] = [];
  for (const [dossierId, group] of byDossier) {
    const state = fold(group, ctx, dossierId);
    const receivedBy = group.find((e) => e.type === 'received')?.actor.userId ?? null;
    dossiers.push({
      dossierId,
      eventIds: group.map((e) => e.id),
      closed: state.closed,
      projection: projectionOf(state, receivedBy),
    });
  }
  return { events, dossiers, latestHlc };
}
