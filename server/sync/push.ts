/**
 * Push (DESIGN.md §5): a batch of outbox events from one device. Each event is acknowledged on its
 * own; the accepted ones are appended to the global log in batch order, atomically with the
 * dossier's holder, who may see it, and the review queue of the refused ones.
 *
 * Ownership and lifecycle come from the domain fold: an event is checked at its HLC place in the
 * dossier's server history (`checkTransition`), so an office that did not hold the dossier at
 * the event's time is refused (`not-holder`) even if it held it before or after. An event that is
 * valid at its place but would make an event the server already accepted invalid (it sorts before
 * it) is refused as a `conflict`: the server's order of acceptance wins, and the server's history
 * always folds without rejections.
 */
import type { WorkingCalendar } from '../../shared/calendar/calendar';
import { createCalendar } from '../../shared/calendar/calendar';
import { calendarFileSchema } from '../../shared/calendar/schema';
import { DOSSIER_EVENT_TYPES, type DossierEvent, dossierEventSchema } from '../../shared/dossier/events';
import { advance, checkTransition, type DossierState, type FoldContext, fold } from '../../shared/dossier/fold';
import { type Language, translator } from '../../shared/i18n';
import type { DomainError } from '../../shared/i18n/domain-error';
import { attachmentRefs } from '../../shared/sync/attachments';
import type { Ack, AckReason, RejectReason } from '../../shared/sync/protocol';
import type { Queryable, ServerDatabase, Transaction } from '../db/database';
import type { Device } from '../enrolment/devices';
import { errorBody, type Params } from '../http/errors';
import { latestReference } from '../reference/reference';
import { recordReportStates } from '../reports/projection';
import { type EventRow, eventOf } from './events';

/** Advisory lock keys (first argument of the two-key form). */
const DOSSIER_LOCK = 726003;
/** Held from the first server_seq taken to the commit, so pulls never see a gap that fills later. */
const APPEND_LOCK = 726004;

type Item = {
  index: number;
  ackId: string;
  raw: Record<string, unknown>;
  event: DossierEvent;
  refs: string[];
};

export function reasonOf(
  language: Language,
  code: RejectReason,
  detail?: string | null,
  params: Params = {},
): AckReason {
  const message =
    (code === 'not-holder' || code === 'rule') && detail
      ? errorBody(language, detail, params).message
      : translator(language)(`server:reasons.${code}`, { ...params, defaultValue: code });
  return { code, ...(detail ? { detail } : {}), message, ...(Object.keys(params).length ? { params } : {}) };
}

let calendarCache: { version: number; calendar: WorkingCalendar } | null = null;
/** The calendar in force (the latest published calendar file, else the generated default). */
export async function currentCalendar(db: Queryable): Promise<WorkingCalendar> {
  const latest = await latestReference(db, 'calendar');
  const version = latest?.version ?? 0;
  if (calendarCache?.version !== version) {
    const file = latest ? calendarFileSchema.parse(latest.content) : {};
    calendarCache = { version, calendar: createCalendar(file) };
  }
  return calendarCache.calendar;
}

function ackIdOf(raw: unknown, index: number): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : `#${index}`;
}

/** Checks one event on its own (no database): the parsed item, or its rejection. */
function precheck(raw: unknown, index: number, device: Device, language: Language): Item | Ack {
  const ackId = ackIdOf(raw, index);
  const type = raw && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && !(DOSSIER_EVENT_TYPES as string[]).includes(type)) {
    return {
      id: ackId,
      status: 'rejected',
      reason: reasonOf(language, 'unknown-type', null, { type: type.slice(0, 60) }),
    };
  }
  const parsed = dossierEventSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`)
      .join('; ');
    return { id: ackId, status: 'rejected', reason: reasonOf(language, 'invalid', null, { detail }) };
  }
  const event = parsed.data;
  if (event.actor.officeId !== device.officeId) {
    return {
      id: ackId,
      status: 'rejected',
      reason: reasonOf(language, 'forged-actor', null, {
        officeId: event.actor.officeId,
        deviceOfficeId: device.officeId,
      }),
    };
  }
  return { index, ackId, raw: raw as Record<string, unknown>, event, refs: attachmentRefs(event.payload) };
}

type Review = { item: Item; reason: RejectReason; detail: string | null; params: Params; holder: string | null };

/**
 * Processes one batch. Returns one acknowledgement per event, in order. Re-sending the same batch
 * gives the same acknowledgements: stored events answer `duplicate` with their serverSeq, reviewed
 * ones the same rejection.
 */
export async function pushEvents(
  db: ServerDatabase,
  device: Device,
  rawEvents: readonly unknown[],
  language: Language,
): Promise<Ack[]> {
  const acks: Array<Ack | undefined> = new Array(rawEvents.length);
  const items: Item[] = [];
  const firstIndexOfId = new Map<string, number>();
  const repeats: Array<{ index: number; of: number }> = [];
  rawEvents.forEach((raw, index) => {
    const checked = precheck(raw, index, device, language);
    if ('status' in checked) {
      acks[index] = checked;
      return;
    }
    const first = firstIndexOfId.get(checked.event.id);
    if (first !== undefined) {
      repeats.push({ index, of: first });
      return;
    }
    firstIndexOfId.set(checked.event.id, index);
    items.push(checked);
  });

  if (items.length > 0) {
    const calendar = await currentCalendar(db);
    await db.transaction((tx) => processItems(tx, device, items, acks, language, calendar));
  }
  // The same id twice in one batch: the second answers like the first (stored once at most).
  for (const r of repeats) {
    const first = acks[r.of];
    acks[r.index] = first?.status === 'accepted' ? { ...first, status: 'duplicate' } : first;
  }
  return acks.map((a, i) => a ?? { id: `#${i}`, status: 'rejected' as const });
}

/**
 * Checks an event against its dossier and gives the state after it, or the refusal. Most events come
 * after the dossier's last one: checked against its state and applied to it. An older one is checked
 * at its place in the history, and the history folded again with it.
 */
function admit(
  history: readonly DossierEvent[],
  before: DossierState,
  event: DossierEvent,
  ctx: FoldContext,
): { problem: DomainError } | { after: DossierState } {
  const problem = checkTransition(before, event, ctx);
  if (!problem) return { after: advance(before, event, ctx) };
  if (problem.code !== 'DOSSIER_OUT_OF_ORDER') return { problem };
  const atPlace = checkTransition(history, event, ctx);
  return atPlace ? { problem: atPlace } : { after: fold([...history, event], ctx, event.dossierId) };
}

async function processItems(
  tx: Transaction,
  device: Device,
  items: Item[],
  acks: Array<Ack | undefined>,
  language: Language,
  calendar: WorkingCalendar,
): Promise<void> {
  const dossierIds = [...new Set(items.map((i) => i.event.dossierId))].sort();
  // Lock the batch's dossiers in a fixed order (no deadlock between batches), then look again at
  // what is stored: a concurrent push of the same events has committed by now.
  await tx.query(
    `SELECT pg_advisory_xact_lock(${DOSSIER_LOCK}, hashtext(d)) FROM (SELECT unnest($1::text[]) AS d ORDER BY 1) s`,
    [dossierIds],
  );
  const ids = items.map((i) => i.event.id);
  const stored = new Map(
    (
      await tx.query<{ id: string; server_seq: string }>('SELECT id, server_seq FROM events WHERE id = ANY($1)', [ids])
    ).map((r) => [r.id, Number(r.server_seq)]),
  );
  const reviewed = new Map(
    (
      await tx.query<{ event_id: string; reason: RejectReason; detail_code: string | null; params: Params }>(
        'SELECT event_id, reason, detail_code, params FROM review_queue WHERE event_id = ANY($1)',
        [ids],
      )
    ).map((r) => [r.event_id, r]),
  );
  const allRefs = [...new Set(items.flatMap((i) => i.refs))];
  const present = new Set(
    allRefs.length
      ? (await tx.query<{ sha256: string }>('SELECT sha256 FROM attachments WHERE sha256 = ANY($1)', [allRefs])).map(
          (r) => r.sha256,
        )
      : [],
  );

  const histories = new Map<string, DossierEvent[]>(dossierIds.map((d) => [d, []]));
  const lastSeq = new Map<string, number>();
  // The batch's dossiers one by one through events_dossier: with `dossier_id = ANY($1) ORDER BY
  // server_seq` the planner walked the primary key over every event (120 ms a batch at 100,000 events).
  const known = await tx.query<EventRow>(
    `SELECT e.* FROM unnest($1::text[]) AS d(id)
       CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.dossier_id = d.id OFFSET 0) e
      ORDER BY e.dossier_id, e.server_seq`,
    [dossierIds],
  );
  for (const row of known) {
    histories.get(row.dossier_id)?.push(eventOf(row));
    lastSeq.set(row.dossier_id, Number(row.server_seq));
  }
  const ctx = { calendar };
  const states = new Map<string, DossierState>();
  const stateOf = (dossierId: string): DossierState => {
    let s = states.get(dossierId);
    if (!s) {
      s = fold(histories.get(dossierId) ?? [], ctx, dossierId);
      states.set(dossierId, s);
    }
    return s;
  };

  const waiting = new Map<string, string>();
  const accepted: Item[] = [];
  const reviews: Review[] = [];
  for (const item of items) {
    const { event } = item;
    const seq = stored.get(event.id);
    if (seq !== undefined) {
      acks[item.index] = { id: item.ackId, status: 'duplicate', serverSeq: seq };
      continue;
    }
    const prior = reviewed.get(event.id);
    if (prior) {
      acks[item.index] = {
        id: item.ackId,
        status: 'rejected',
        reason: reasonOf(language, prior.reason, prior.detail_code, prior.params ?? {}),
      };
      continue;
    }
    const blockedBy = waiting.get(event.dossierId);
    if (blockedBy) {
      acks[item.index] = { id: item.ackId, status: 'deferred', waitingFor: blockedBy };
      continue;
    }
    const missing = item.refs.filter((r) => !present.has(r));
    if (missing.length > 0) {
      acks[item.index] = { id: item.ackId, status: 'waiting-attachment', missing };
      waiting.set(event.dossierId, event.id);
      continue;
    }
    const history = histories.get(event.dossierId) ?? [];
    const before = stateOf(event.dossierId);
    const admitted = admit(history, before, event, ctx);
    if ('problem' in admitted) {
      const { problem } = admitted;
      const reason: RejectReason = problem.code === 'DOSSIER_NOT_HOLDER' ? 'not-holder' : 'rule';
      const params = (problem.params ?? {}) as Params;
      reviews.push({ item, reason, detail: problem.code, params, holder: before.holderOfficeId });
      acks[item.index] = {
        id: item.ackId,
        status: 'rejected',
        reason: reasonOf(language, reason, problem.code, params),
      };
      continue;
    }
    const { after } = admitted;
    const earlier = new Set(before.rejected.map((r) => r.eventId));
    const broken = after.rejected.find((r) => !earlier.has(r.eventId));
    if (broken) {
      const params = { eventId: broken.eventId };
      reviews.push({ item, reason: 'conflict', detail: broken.eventId, params, holder: before.holderOfficeId });
      acks[item.index] = {
        id: item.ackId,
        status: 'rejected',
        reason: reasonOf(language, 'conflict', broken.eventId, params),
      };
      continue;
    }
    history.push(event);
    histories.set(event.dossierId, history);
    states.set(event.dossierId, after);
    accepted.push(item);
  }

  if (accepted.length > 0) {
    await tx.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
    const rows = await tx.query<{ id: string; server_seq: string }>(
      `INSERT INTO events (id, dossier_id, type, office_id, user_id, device_id, pushed_by, hlc, wall_time, payload)
       SELECT id, dossier_id, type, office_id, user_id, device_id, $7, hlc, wall_time, payload::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $8::text[], $9::text[], $10::text[])
              WITH ORDINALITY AS t(id, dossier_id, type, office_id, user_id, device_id, hlc, wall_time, payload, ord)
        ORDER BY ord
       ON CONFLICT (id) DO NOTHING
       RETURNING id, server_seq`,
      [
        accepted.map((i) => i.event.id),
        accepted.map((i) => i.event.dossierId),
        accepted.map((i) => i.event.type),
        accepted.map((i) => i.event.actor.officeId),
        accepted.map((i) => i.event.actor.userId),
        accepted.map((i) => i.event.deviceId),
        device.id,
        accepted.map((i) => i.event.hlc),
        accepted.map((i) => i.event.wallTime),
        accepted.map((i) => JSON.stringify(i.raw.payload ?? i.event.payload)),
      ],
    );
    const seqOf = new Map(rows.map((r) => [r.id, Number(r.server_seq)]));
    const firstSeq = new Map<string, number>();
    for (const item of accepted) {
      const seq = seqOf.get(item.event.id);
      acks[item.index] =
        seq === undefined
          ? { id: item.ackId, status: 'duplicate' }
          : { id: item.ackId, status: 'accepted', serverSeq: seq };
      if (seq === undefined) continue;
      const d = item.event.dossierId;
      lastSeq.set(d, Math.max(lastSeq.get(d) ?? 0, seq));
      firstSeq.set(d, Math.min(firstSeq.get(d) ?? seq, seq));
    }
    const refRows = accepted.flatMap((i) => i.refs.map((sha) => [sha, i.event.id, i.event.dossierId] as const));
    if (refRows.length > 0) {
      await tx.query(
        `INSERT INTO event_attachments (sha256, event_id, dossier_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
        [refRows.map((r) => r[0]), refRows.map((r) => r[1]), refRows.map((r) => r[2])],
      );
    }
    await recordHolders(tx, states, lastSeq, firstSeq);
    // The reports projection moves with the log, from the states folded above (no second fold).
    await recordReportStates(
      tx,
      [...firstSeq.keys()].flatMap((d) => {
        const state = states.get(d);
        const seq = lastSeq.get(d);
        return state && seq !== undefined ? [{ state, lastSeq: seq }] : [];
      }),
    );
  }

  for (const r of reviews) {
    await tx.query(
      `INSERT INTO review_queue (event_id, dossier_id, office_id, device_id, holder_office_id, reason, detail_code, params, event)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb) ON CONFLICT (event_id) DO NOTHING`,
      [
        r.item.event.id,
        r.item.event.dossierId,
        r.item.event.actor.officeId,
        device.id,
        r.holder,
        r.reason,
        r.detail,
        JSON.stringify(r.params),
        JSON.stringify(r.item.raw),
      ],
    );
  }
}

/**
 * Holder of each dossier this batch appended to, and access for every office that ever held it.
 * A new access row's granted_seq is the first server_seq appended by this batch to the dossier:
 * a cursor below it was reached before the office could see the dossier (seq order is commit
 * order), so the dossier's events at or before that cursor must be sent again (see pull.ts).
 */
async function recordHolders(
  tx: Queryable,
  states: Map<string, DossierState>,
  lastSeq: Map<string, number>,
  firstSeq: Map<string, number>,
): Promise<void> {
  const access: Array<[string, string, number]> = [];
  const holders: Array<[string, string, string, string | null, number]> = [];
  for (const [dossierId, first] of firstSeq) {
    const s = states.get(dossierId);
    const seq = lastSeq.get(dossierId);
    if (!s || seq === undefined) continue;
    const holder = s.holderOfficeId ?? s.receivingOfficeId;
    if (holder) holders.push([dossierId, holder, s.receivingOfficeId ?? holder, s.code, seq]);
    const offices = new Set<string>();
    for (const o of [s.receivingOfficeId, s.holderOfficeId]) if (o) offices.add(o);
    for (const h of s.handoffs) {
      offices.add(h.fromOfficeId);
      offices.add(h.toOfficeId);
    }
    for (const o of offices) access.push([dossierId, o, first]);
  }
  if (holders.length > 0) {
    // One statement for the batch (a round trip per dossier cost a third of a push).
    await tx.query(
      `INSERT INTO dossier_holder (dossier_id, holder_office_id, receiving_office_id, code, last_seq)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
       ON CONFLICT (dossier_id) DO UPDATE SET holder_office_id = EXCLUDED.holder_office_id,
         receiving_office_id = EXCLUDED.receiving_office_id, code = EXCLUDED.code,
         last_seq = EXCLUDED.last_seq, updated_at = now()`,
      [
        holders.map((h) => h[0]),
        holders.map((h) => h[1]),
        holders.map((h) => h[2]),
        holders.map((h) => h[3]),
        holders.map((h) => h[4]),
      ],
    );
  }
  if (access.length > 0) {
    await tx.query(
      `INSERT INTO dossier_access (dossier_id, office_id, granted_seq)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
      [access.map((a) => a[0]), access.map((a) => a[1]), access.map((a) => a[2])],
    );
  }
}
