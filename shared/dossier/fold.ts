/**
 * The dossier state machine and projection. `fold(events, ctx)` sorts the history by HLC then event id
 * and applies each event; an event the rules refuse at its place in the order is kept out of the
 * state and listed in `rejected` (sync puts it in the review queue), so fold is total and gives the
 * same state for any arrival order. Deadlines are recomputed from the history on every fold.
 */
import type { WorkingCalendar } from '../calendar/calendar';
import type { WorkSchedule } from '../calendar/schema';
import { formatInstant, instantMs, MINUTE_MS } from '../calendar/time';
import { type Duration, durationSchema } from '../deadline/duration';
import {
  computeDeadline,
  receptionHandOffDue,
  type Timeliness,
  timeliness,
  WORKING_DAY_MINUTES,
  workingTimeBetween,
} from '../deadline/engine';
import { DomainError } from '../i18n/domain-error';
import {
  CORRECTABLE_FIELDS,
  compareEvents,
  DOSSIER_EVENT_TYPES,
  type DossierEvent,
  type DossierEventType,
  dossierEventSchema,
  type EventOf,
  type Person,
  type ReceivedPayload,
} from './events';
import {
  CLOSED_STATUSES,
  NATIONAL_STATUS,
  type NationalStatusCode,
  type NationalStatusName,
  STATUS_NAME_BY_CODE,
} from './status';

export interface FoldContext {
  /** Holidays and default working hours; the dossier's own schedule snapshot fixes the hours. */
  calendar: WorkingCalendar;
  /** When given, an open pause counts up to this instant (epoch ms) in `dueAt`. */
  now?: number;
}

export interface PauseRecord {
  kind: 'supplement' | 'financial' | 'stopped';
  from: string;
  to: string | null;
  eventId: string;
}

/** One row of form 06 (Phiếu kiểm soát quá trình giải quyết hồ sơ). */
export interface HandOff {
  eventId: string;
  fromOfficeId: string;
  toOfficeId: string;
  toUnitId: string | null;
  mode: 'electronic' | 'paper';
  /** When the giving office handed the dossier on. */
  givenAt: string;
  /** When the receiving office took it over (accepted, or its first action). */
  receivedAt: string | null;
  /** Due time of the giving office's step. */
  stepDueAt: string | null;
  /** The giving office's performance: hand-off date against its step's due date. */
  timeliness: Timeliness | null;
  /** Step due given to the receiving office, if the transfer set one. */
  nextStepDueAt: string | null;
}

export interface Correction {
  eventId: string;
  field: string;
  oldValue: string;
  newValue: string;
  reason: string;
  at: string;
  userId: string;
}

export interface DossierState {
  dossierId: string;
  /** 0 before any event; else the national status code 1–10. */
  status: NationalStatusCode | 0;
  statusName: NationalStatusName | 'none';
  closed: boolean;
  code: string | null;
  procedure: ReceivedPayload['procedure'] | null;
  duration: Duration | null;
  channel: 1 | 2 | 3 | null;
  applicantType: 1 | 2 | 3 | 4 | null;
  applicant: Person | null;
  owner: Person | null;
  components: ReceivedPayload['components'];
  note: string | null;
  /** Working hours snapshot taken at receipt. */
  schedule: WorkSchedule | null;
  receivingOfficeId: string | null;
  holderOfficeId: string | null;
  holderUnitId: string | null;
  receivedAt: string | null;
  clockStartAt: string | null;
  /** Due time before pauses and extension. */
  baseDueAt: string | null;
  /** The due time in force (ISO). */
  dueAt: string | null;
  pauses: PauseRecord[];
  pausedWorkingMinutes: number;
  /** Start of the open pause, if the clock is stopped now. */
  pausedSince: string | null;
  supplementRequests: number;
  pendingTransfer: { eventId: string; toOfficeId: string } | null;
  handoffs: HandOff[];
  steps: Array<{ eventId: string; step: string; officeId: string; at: string }>;
  extension: {
    eventId: string;
    issuedAt: string;
    reason: string;
    previousDueAt: string;
    newDueAt: string;
    /** Issued less than one working day before the due time it replaces (or after it). */
    lateNotice: boolean;
  } | null;
  result: {
    eventId: string;
    recordedAt: string;
    officeId: string;
    documentNo: string | null;
    summary: string;
    negative: boolean;
    timeliness: Timeliness | null;
  } | null;
  returned: {
    eventId: string;
    returnedAt: string;
    officeId: string;
    collectedBy: EventOf<'returned'>['payload']['collectedBy'];
    method: 'counter' | 'postal' | 'online';
  } | null;
  satisfaction: {
    eventId: string;
    criteria: number[];
    points: number;
    rating: number;
    recordedAt: string;
  } | null;
  refusal: { eventId: string; at: string; reason: string; stage: 'intake' | 'processing' } | null;
  stop: { eventId: string; at: string; reason: string } | null;
  withdrawal: { eventId: string; at: string; reason: string | null } | null;
  financial: Array<{ requestedAt: string; description: string; amount: number | null; paidAt: string | null }>;
  corrections: Correction[];
  /** Current value of every corrected field. */
  correctedFields: Record<string, string>;
  lastHlc: string | null;
  eventIds: string[];
  /** Events the rules refused at their place in the history (for the review queue). */
  rejected: Array<{ eventId: string; type: string; code: string }>;
}

/**
 * A folded state without its event ids, as the projection stores it (shared/dossier/stored.ts): what
 * every reader of a dossier's state needs; only the fold itself uses the ids.
 */
export type ProjectedState = Omit<DossierState, 'eventIds'>;

export function emptyDossierState(dossierId: string): DossierState {
  return {
    dossierId,
    status: 0,
    statusName: 'none',
    closed: false,
    code: null,
    procedure: null,
    duration: null,
    channel: null,
    applicantType: null,
    applicant: null,
    owner: null,
    components: [],
    note: null,
    schedule: null,
    receivingOfficeId: null,
    holderOfficeId: null,
    holderUnitId: null,
    receivedAt: null,
    clockStartAt: null,
    baseDueAt: null,
    dueAt: null,
    pauses: [],
    pausedWorkingMinutes: 0,
    pausedSince: null,
    supplementRequests: 0,
    pendingTransfer: null,
    handoffs: [],
    steps: [],
    extension: null,
    result: null,
    returned: null,
    satisfaction: null,
    refusal: null,
    stop: null,
    withdrawal: null,
    financial: [],
    corrections: [],
    correctedFields: {},
    lastHlc: null,
    eventIds: [],
    rejected: [],
  };
}

/** Events the receiving office may record even when another office holds the dossier. */
export const RECEIVING_OFFICE_MAY: ReadonlySet<DossierEventType> = new Set([
  'supplement-received',
  'withdrawn',
  'returned',
  'satisfaction-recorded',
  'receipt-corrected',
]);

function err(code: ConstructorParameters<typeof DomainError>[0], params?: Record<string, string | number>) {
  return new DomainError(code, params);
}

/** State-level rule for an action type (no actor, no payload): the error, or null when allowed. */
function ruleFor(state: DossierState, type: DossierEventType): DomainError | null {
  const s = state.status;
  if (s === 0) return type === 'received' || type === 'refused' ? null : err('DOSSIER_NOT_RECEIVED');
  if (type === 'satisfaction-recorded') {
    if (s !== NATIONAL_STATUS.returned) {
      return CLOSED_STATUSES.has(s) ? err('DOSSIER_CLOSED', { status: s }) : err('DOSSIER_NOT_RETURNED');
    }
    return state.satisfaction ? err('DOSSIER_ALREADY_RATED') : null;
  }
  if (CLOSED_STATUSES.has(s)) return err('DOSSIER_CLOSED', { status: s });
  const processed = s === NATIONAL_STATUS.processed;
  const paused = s === NATIONAL_STATUS.supplementRequested || s === NATIONAL_STATUS.financialObligationRequested;
  switch (type) {
    case 'received':
      return err('DOSSIER_ALREADY_RECEIVED');
    case 'returned':
      return processed ? null : err('DOSSIER_RESULT_NOT_RECORDED');
    case 'result-recorded':
      if (processed) return err('DOSSIER_RESULT_ALREADY_RECORDED');
      return paused ? err('DOSSIER_PAUSED') : null;
    case 'supplement-requested':
      if (processed) return err('DOSSIER_RESULT_ALREADY_RECORDED');
      if (state.supplementRequests > 0) return err('DOSSIER_SECOND_SUPPLEMENT');
      return paused ? err('DOSSIER_PAUSED') : null;
    case 'supplement-received':
      return s === NATIONAL_STATUS.supplementRequested ? null : err('DOSSIER_NO_PENDING_SUPPLEMENT');
    case 'financial-obligation-requested':
      if (processed) return err('DOSSIER_RESULT_ALREADY_RECORDED');
      if (s === NATIONAL_STATUS.financialObligationRequested) return err('DOSSIER_OBLIGATION_PENDING');
      return paused ? err('DOSSIER_PAUSED') : null;
    case 'financial-obligation-paid':
      return s === NATIONAL_STATUS.financialObligationRequested ? null : err('DOSSIER_NO_PENDING_OBLIGATION');
    case 'apology-issued':
      if (processed) return err('DOSSIER_RESULT_ALREADY_RECORDED');
      if (!hasDeadline(state)) return err('DOSSIER_NO_DEADLINE');
      return state.extension ? err('DOSSIER_SECOND_EXTENSION') : null;
    case 'accepted':
      return state.pendingTransfer ? null : err('DOSSIER_NO_PENDING_TRANSFER');
    case 'stopped':
    case 'withdrawn':
    case 'refused':
      return processed ? err('DOSSIER_RESULT_ALREADY_RECORDED') : null;
    case 'transferred':
    case 'step-completed':
    case 'receipt-corrected':
      return null;
  }
}

/** The action types the state allows (for any actor allowed to act), e.g. to enable buttons. */
export function allowedActions(state: DossierState): DossierEventType[] {
  return DOSSIER_EVENT_TYPES.filter((t) => ruleFor(state, t) === null);
}

function getField(state: DossierState, field: string): string {
  if (field === 'note') return state.note ?? '';
  if (field === 'procedure') return state.procedure?.code ?? '';
  const [who, key] = field.split('.') as ['applicant' | 'owner', keyof Person];
  const person = who === 'applicant' ? state.applicant : (state.owner ?? null);
  const v = person?.[key];
  return v ?? '';
}

/** Full check of one event against the state: envelope, holder, rules and payload-specific rules. */
function check(state: DossierState, e: DossierEvent, ctx: FoldContext): DomainError | null {
  if (e.dossierId !== state.dossierId) {
    return err('DOSSIER_WRONG_DOSSIER', { dossierId: state.dossierId, eventDossierId: e.dossierId });
  }
  const rule = ruleFor(state, e.type);
  if (rule) return rule;
  if (state.status !== 0 && state.holderOfficeId && e.actor.officeId !== state.holderOfficeId) {
    const mayAsReceiver = RECEIVING_OFFICE_MAY.has(e.type) && e.actor.officeId === state.receivingOfficeId;
    const pendingTo = state.pendingTransfer?.toOfficeId;
    if (!mayAsReceiver && e.actor.officeId !== pendingTo) {
      return err('DOSSIER_NOT_HOLDER', { officeId: e.actor.officeId, holderOfficeId: state.holderOfficeId });
    }
  }
  switch (e.type) {
    case 'transferred':
      if (e.payload.toOfficeId === state.holderOfficeId && !e.payload.toUnitId) return err('DOSSIER_TRANSFER_TO_SELF');
      return null;
    case 'apology-issued': {
      const due = currentDue(state, ctx, instantMs(e.wallTime));
      if (due !== null && instantMs(e.payload.newDueAt) <= due) {
        return err('DOSSIER_EXTENSION_NOT_LATER', { dueAt: formatInstant(due) });
      }
      return null;
    }
    case 'receipt-corrected': {
      const field = e.payload.field;
      if (!(CORRECTABLE_FIELDS as readonly string[]).includes(field)) return err('DOSSIER_CORRECTION_FIELD', { field });
      const current = getField(state, field);
      if (current !== e.payload.oldValue) return err('DOSSIER_CORRECTION_STALE', { field, current });
      if (e.payload.newValue === e.payload.oldValue) return err('DOSSIER_CORRECTION_NO_CHANGE', { field });
      if (field === 'procedure' && e.payload.procedure?.code !== e.payload.newValue) {
        return err('DOSSIER_EVENT_INVALID', { details: 'procedure: the snapshot must be the new procedure' });
      }
      return null;
    }
    default:
      return null;
  }
}

/** The calendar a dossier's deadlines run on: the context's, with the dossier's schedule snapshot if it has one. */
export function calendarOf(state: ProjectedState, ctx: FoldContext): WorkingCalendar {
  return state.schedule ? ctx.calendar.withSchedule(state.schedule) : ctx.calendar;
}

/** Due time (ms) in force at instant `at`, counting an open pause up to `at`. */
function currentDue(state: DossierState, ctx: FoldContext, at: number): number | null {
  if (!state.receivedAt || !state.duration) return null;
  return deadlineOf(state, ctx, at).dueAt;
}

function deadlineOf(state: ProjectedState, ctx: FoldContext, now: number | undefined) {
  if (!state.receivedAt || !state.duration) throw new Error('not received');
  return computeDeadline(calendarOf(state, ctx), {
    receivedAt: instantMs(state.receivedAt),
    duration: state.duration,
    pauses: state.pauses.map((p) => ({ from: instantMs(p.from), to: p.to === null ? null : instantMs(p.to) })),
    extension: state.extension
      ? { issuedAt: instantMs(state.extension.issuedAt), newDueAt: instantMs(state.extension.newDueAt) }
      : null,
    now,
  });
}

/**
 * Derives the deadline fields (clock start, base and current due time, paused time) and the result's
 * timeliness from the recorded facts. They depend only on the state's facts, never on an earlier
 * derived value, so a fold computes them once at its end, not after every event.
 */
function settle(state: DossierState, ctx: FoldContext): DossierState {
  if (!state.receivedAt || !state.duration) return state;
  const d = deadlineOf(state, ctx, ctx.now);
  const open = state.pauses.find((p) => p.to === null);
  const dueAt = d.dueAt === null ? null : formatInstant(d.dueAt);
  let result = state.result;
  if (result && d.dueAt !== null) {
    const t = timeliness(instantMs(result.recordedAt), d.dueAt);
    if (result.timeliness !== t) result = { ...result, timeliness: t };
  }
  return {
    ...state,
    clockStartAt: formatInstant(d.clockStartAt),
    baseDueAt: d.baseDueAt === null ? null : formatInstant(d.baseDueAt),
    dueAt,
    pausedWorkingMinutes: Math.round(d.pausedWorkingMs / MINUTE_MS),
    pausedSince: open ? open.from : null,
    result,
  };
}

/** Whether the dossier's procedure sets a due time (the same condition as a non-null `dueAt`). */
function hasDeadline(state: DossierState): boolean {
  return state.receivedAt !== null && state.duration !== null && state.duration.unit !== 'none';
}

/**
 * Sets the status and what follows from it. Changes `state` in place: every caller passes a state that
 * `reduce` has just made for this event (a copy per event, not one more per status change).
 */
function setStatus(state: DossierState, status: NationalStatusCode): DossierState {
  state.status = status;
  state.statusName = STATUS_NAME_BY_CODE[status];
  state.closed = CLOSED_STATUSES.has(status);
  return state;
}

function closePause(state: DossierState, kind: PauseRecord['kind'], at: string): PauseRecord[] {
  return state.pauses.map((p) => (p.kind === kind && p.to === null ? { ...p, to: at } : p));
}

/** Marks the pending hand-off as taken over at `at` when the new holder acts. */
function takeOver(state: DossierState, e: DossierEvent): DossierState {
  const pending = state.pendingTransfer;
  if (!pending || e.actor.officeId !== pending.toOfficeId) return state;
  return {
    ...state,
    pendingTransfer: null,
    handoffs: state.handoffs.map((h) =>
      h.eventId === pending.eventId && h.receivedAt === null ? { ...h, receivedAt: e.wallTime } : h,
    ),
  };
}

function reduce(prev: DossierState, e: DossierEvent, ctx: FoldContext): DossierState {
  const at = e.wallTime;
  let s: DossierState = {
    ...prev,
    lastHlc: e.hlc,
    eventIds: [...prev.eventIds, e.id],
  };
  if (e.type !== 'received' && e.type !== 'refused') s = takeOver(s, e);
  switch (e.type) {
    case 'received': {
      const p = e.payload;
      s = setStatus(
        {
          ...s,
          code: p.code,
          procedure: p.procedure,
          duration: durationSchema.parse(p.procedure.duration),
          channel: p.channel,
          applicantType: p.applicantType,
          applicant: p.applicant,
          owner: p.owner ?? null,
          components: p.components,
          note: p.note ?? null,
          schedule: p.schedule,
          receivingOfficeId: e.actor.officeId,
          holderOfficeId: e.actor.officeId,
          receivedAt: at,
        },
        NATIONAL_STATUS.received,
      );
      break;
    }
    case 'refused':
      s = setStatus(
        {
          ...s,
          refusal: { eventId: e.id, at, reason: e.payload.reason, stage: prev.status === 0 ? 'intake' : 'processing' },
          holderOfficeId: prev.holderOfficeId ?? e.actor.officeId,
          receivingOfficeId: prev.receivingOfficeId ?? e.actor.officeId,
        },
        NATIONAL_STATUS.refused,
      );
      break;
    case 'transferred': {
      const p = e.payload;
      const cal = calendarOf(s, ctx);
      const givenMs = instantMs(at);
      const incoming = [...s.handoffs].reverse().find((h) => h.toOfficeId === e.actor.officeId);
      let stepDue: number | null;
      if (incoming) stepDue = incoming.nextStepDueAt ? instantMs(incoming.nextStepDueAt) : currentDue(s, ctx, givenMs);
      else if (s.receivedAt && s.result === null) stepDue = receptionHandOffDue(cal, instantMs(s.receivedAt));
      else stepDue = currentDue(s, ctx, givenMs);
      const row: HandOff = {
        eventId: e.id,
        fromOfficeId: e.actor.officeId,
        toOfficeId: p.toOfficeId,
        toUnitId: p.toUnitId ?? null,
        mode: p.mode,
        givenAt: at,
        receivedAt: p.toOfficeId === e.actor.officeId ? at : null,
        stepDueAt: stepDue === null ? null : formatInstant(stepDue),
        timeliness: stepDue === null ? null : timeliness(givenMs, stepDue),
        nextStepDueAt: p.stepDueAt ?? null,
      };
      const sameOffice = p.toOfficeId === e.actor.officeId;
      s = {
        ...s,
        handoffs: [...s.handoffs, row],
        holderOfficeId: p.toOfficeId,
        holderUnitId: p.toUnitId ?? null,
        pendingTransfer: sameOffice ? null : { eventId: e.id, toOfficeId: p.toOfficeId },
      };
      if (s.status === NATIONAL_STATUS.received) s = setStatus(s, NATIONAL_STATUS.processing);
      break;
    }
    case 'accepted':
      s = { ...s, holderUnitId: e.payload.unitId ?? s.holderUnitId };
      if (s.status === NATIONAL_STATUS.received) s = setStatus(s, NATIONAL_STATUS.processing);
      break;
    case 'step-completed':
      s = { ...s, steps: [...s.steps, { eventId: e.id, step: e.payload.step, officeId: e.actor.officeId, at }] };
      if (s.status === NATIONAL_STATUS.received) s = setStatus(s, NATIONAL_STATUS.processing);
      break;
    case 'supplement-requested':
      s = setStatus(
        {
          ...s,
          supplementRequests: s.supplementRequests + 1,
          pauses: [...s.pauses, { kind: 'supplement', from: at, to: null, eventId: e.id }],
        },
        NATIONAL_STATUS.supplementRequested,
      );
      break;
    case 'supplement-received':
      s = setStatus({ ...s, pauses: closePause(s, 'supplement', at) }, NATIONAL_STATUS.processing);
      break;
    case 'financial-obligation-requested':
      s = setStatus(
        {
          ...s,
          pauses: [...s.pauses, { kind: 'financial', from: at, to: null, eventId: e.id }],
          financial: [
            ...s.financial,
            { requestedAt: at, description: e.payload.description, amount: e.payload.amount ?? null, paidAt: null },
          ],
        },
        NATIONAL_STATUS.financialObligationRequested,
      );
      break;
    case 'financial-obligation-paid':
      s = setStatus(
        {
          ...s,
          pauses: closePause(s, 'financial', at),
          financial: s.financial.map((f) => (f.paidAt === null ? { ...f, paidAt: at } : f)),
        },
        NATIONAL_STATUS.processing,
      );
      break;
    case 'apology-issued': {
      const issuedMs = instantMs(at);
      const due = currentDue(s, ctx, issuedMs) ?? issuedMs;
      const left = workingTimeBetween(calendarOf(s, ctx), issuedMs, due);
      s = {
        ...s,
        extension: {
          eventId: e.id,
          issuedAt: at,
          reason: e.payload.reason,
          previousDueAt: formatInstant(due),
          newDueAt: e.payload.newDueAt,
          lateNotice: left < WORKING_DAY_MINUTES * MINUTE_MS,
        },
      };
      break;
    }
    case 'result-recorded':
      s = setStatus(
        {
          ...s,
          result: {
            eventId: e.id,
            recordedAt: at,
            officeId: e.actor.officeId,
            documentNo: e.payload.documentNo ?? null,
            summary: e.payload.summary,
            negative: e.payload.negative ?? false,
            timeliness: null,
          },
        },
        NATIONAL_STATUS.processed,
      );
      break;
    case 'stopped':
      s = setStatus(
        {
          ...s,
          stop: { eventId: e.id, at, reason: e.payload.reason },
          pauses: [...s.pauses, { kind: 'stopped', from: at, to: null, eventId: e.id }],
        },
        NATIONAL_STATUS.stopped,
      );
      break;
    case 'withdrawn':
      s = setStatus(
        { ...s, withdrawal: { eventId: e.id, at, reason: e.payload.reason ?? null } },
        NATIONAL_STATUS.withdrawn,
      );
      break;
    case 'returned':
      s = setStatus(
        {
          ...s,
          returned: {
            eventId: e.id,
            returnedAt: at,
            officeId: e.actor.officeId,
            collectedBy: e.payload.collectedBy,
            method: e.payload.method,
          },
        },
        NATIONAL_STATUS.returned,
      );
      break;
    case 'satisfaction-recorded':
      s = {
        ...s,
        satisfaction: {
          eventId: e.id,
          criteria: e.payload.criteria,
          points: e.payload.criteria.reduce((a, b) => a + b, 0),
          rating: e.payload.rating,
          recordedAt: at,
        },
      };
      break;
    case 'receipt-corrected': {
      const { field, oldValue, newValue, reason } = e.payload;
      if (field === 'note') s = { ...s, note: newValue };
      else if (field === 'procedure' && e.payload.procedure) {
        // A wrong procedure at intake: the dossier takes the right one and its duration from receipt.
        s = { ...s, procedure: e.payload.procedure, duration: e.payload.procedure.duration };
      } else {
        const [who, key] = field.split('.') as ['applicant' | 'owner', keyof Person];
        const base = who === 'applicant' ? s.applicant : (s.owner ?? { fullName: s.applicant?.fullName ?? '' });
        const updated = { ...(base ?? { fullName: '' }), [key]: newValue } as Person;
        s = who === 'applicant' ? { ...s, applicant: updated } : { ...s, owner: updated };
      }
      s = {
        ...s,
        corrections: [
          ...s.corrections,
          { eventId: e.id, field, oldValue, newValue, reason, at, userId: e.actor.userId },
        ],
        correctedFields: { ...s.correctedFields, [field]: newValue },
      };
      break;
    }
  }
  return s;
}

/** The event validated by its schema, or DOSSIER_EVENT_INVALID with what is wrong. */
function parseDossierEvent(event: unknown): DossierEvent | DomainError {
  const parsed = dossierEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
  return err('DOSSIER_EVENT_INVALID', { details });
}

/**
 * Folds a dossier's history into its state. Events are sorted by HLC then id; duplicates (same id)
 * count once; events refused by the rules at their place are listed in `rejected`.
 */
export function fold(events: readonly DossierEvent[], ctx: FoldContext, dossierId?: string): DossierState {
  const sorted = [...events].sort(compareEvents);
  let state = emptyDossierState(dossierId ?? sorted[0]?.dossierId ?? '');
  const seen = new Set<string>();
  for (const e of sorted) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const problem = check(state, e, ctx);
    if (problem)
      state = { ...state, rejected: [...state.rejected, { eventId: e.id, type: e.type, code: problem.code }] };
    else state = reduce(state, e, ctx);
  }
  return settle(state, ctx);
}

/**
 * Checks a new event before it is appended. `current` is either the dossier's state (the event must
 * then be newer than the state's last event) or its full history (any order; the event is checked at
 * its HLC place). Returns the refusal, or null when the event may be appended.
 */
export function validateTransition(
  current: DossierState | readonly DossierEvent[],
  event: unknown,
  ctx: FoldContext,
): DomainError | null {
  const parsed = parseDossierEvent(event);
  return parsed instanceof DomainError ? parsed : checkTransition(current, parsed, ctx);
}

/** `validateTransition` for an event its schema has already validated (it is not parsed again). */
export function checkTransition(
  current: DossierState | readonly DossierEvent[],
  parsed: DossierEvent,
  ctx: FoldContext,
): DomainError | null {
  if (Array.isArray(current)) {
    const history = current as readonly DossierEvent[];
    if (history.some((h) => h.id === parsed.id)) return err('DOSSIER_DUPLICATE_EVENT', { eventId: parsed.id });
    const dossierId = history[0]?.dossierId ?? parsed.dossierId;
    const after = fold([...history, parsed], ctx, dossierId);
    const refused = after.rejected.find((r) => r.eventId === parsed.id);
    if (refused) {
      // Re-run the check at the event's place to return the full error with its parameters.
      const before = fold(
        history.filter((h) => compareEvents(h, parsed) < 0),
        ctx,
        dossierId,
      );
      return check(before, parsed, ctx) ?? err(refused.code as ConstructorParameters<typeof DomainError>[0]);
    }
    return null;
  }
  const state = current as DossierState;
  if (state.eventIds.includes(parsed.id)) return err('DOSSIER_DUPLICATE_EVENT', { eventId: parsed.id });
  if (state.status === 0 && state.dossierId === '')
    return check({ ...state, dossierId: parsed.dossierId }, parsed, ctx);
  if (
    state.lastHlc !== null &&
    compareEvents({ hlc: parsed.hlc, id: parsed.id }, { hlc: state.lastHlc, id: '' }) <= 0
  ) {
    return err('DOSSIER_OUT_OF_ORDER');
  }
  return check(state, parsed, ctx);
}

/**
 * The event parsed once and checked against `current` (as `validateTransition`); throws the DomainError
 * that refuses it.
 */
export function admittedEvent(
  current: DossierState | readonly DossierEvent[],
  event: unknown,
  ctx: FoldContext,
): DossierEvent {
  const parsed = parseDossierEvent(event);
  if (parsed instanceof DomainError) throw parsed;
  const problem = checkTransition(current, parsed, ctx);
  if (problem) throw problem;
  return parsed;
}

/** Applies one new event to a state; throws the DomainError validateTransition would return. */
export function applyEvent(state: DossierState, event: unknown, ctx: FoldContext): DossierState {
  return advance(state, admittedEvent(state, event, ctx), ctx);
}

/**
 * The state after one more event that `validateTransition(state, event)` has accepted (the caller
 * checked it; nothing is checked or parsed again): what `fold` gives for the history plus the event.
 */
export function advance(state: DossierState, event: DossierEvent, ctx: FoldContext): DossierState {
  const base = state.dossierId === '' ? { ...state, dossierId: event.dossierId } : state;
  return settle(reduce(base, event, ctx), ctx);
}

/** Deadline view at an instant, for queues and colours: remaining working minutes, overdue flag. */
export function deadlineAt(
  state: ProjectedState,
  ctx: FoldContext,
  now: number,
): { dueAt: string | null; remainingWorkingMinutes: number | null; overdue: boolean; paused: boolean } {
  if (!state.receivedAt || !state.duration || state.duration.unit === 'none') {
    return { dueAt: null, remainingWorkingMinutes: null, overdue: false, paused: state.pausedSince !== null };
  }
  // The clock is frozen while paused: measure from the pause's start to the due time without it.
  const frozen = deadlineOf(state, ctx, undefined);
  const projected = deadlineOf(state, ctx, now);
  if (frozen.dueAt === null || projected.dueAt === null) {
    return { dueAt: null, remainingWorkingMinutes: null, overdue: false, paused: false };
  }
  const end = state.result ? instantMs(state.result.recordedAt) : now;
  const pausedSince = state.pausedSince ? instantMs(state.pausedSince) : null;
  const at = pausedSince !== null && pausedSince <= end ? pausedSince : end;
  const remaining = Math.round(workingTimeBetween(calendarOf(state, ctx), at, frozen.dueAt) / MINUTE_MS);
  return {
    dueAt: formatInstant(projected.dueAt),
    remainingWorkingMinutes: remaining,
    overdue: at > frozen.dueAt,
    paused: pausedSince !== null,
  };
}
