import type { DossierEvent } from '../../../shared/dossier/events';
import type { FoldContext } from '../../../shared/dossier/fold';
import { pulledEventSchema } from '../../../shared/sync/protocol';
import { type PreparedEvents, prepareEvents } from '../dossier/prepared';
import { pulledItemSchema } from './client';

/** A pull page's events checked against the full event schema and prepared, or why it cannot be read. */
export type PageReading =
  | { ok: true; prepared: PreparedEvents }
  /** `unreadable`: an event this version cannot read (its id and type); null: not the protocol's shape. */
  | { ok: false; unreadable: { id: string; type: string } | null };

/** Checks a pull page's items against the full event schema and prepares them. */
export function readPulledItems(items: readonly unknown[], ctx: FoldContext): PageReading {
  const pulled: { event: DossierEvent; serverSeq: number }[] = [];
  for (const item of items) {
    const parsed = pulledItemSchema.safeParse(item);
    if (!parsed.success) {
      const envelope = pulledEventSchema.safeParse(item);
      // An event this version cannot read: the page stops here (the cursor stays) rather than lose it.
      return {
        ok: false,
        unreadable: envelope.success ? { id: envelope.data.event.id, type: envelope.data.event.type } : null,
      };
    }
    pulled.push({ event: parsed.data.event, serverSeq: parsed.data.serverSeq });
  }
  return { ok: true, prepared: prepareEvents(pulled, ctx) };
}
