/**
 * Dossier events (DESIGN.md §4): the append-only history from which every dossier state, deadline and
 * report is derived. Each event is an envelope { id, dossierId, type, payload, actor, deviceId, hlc,
 * wallTime }; `wallTime` is the legal time of the act (ISO 8601 with offset). Payloads are versioned by
 * adding optional fields only.
 */
import { z } from 'zod';
import { workScheduleSchema } from '../calendar/schema';
import { instantSchema } from '../calendar/time';
import { dossierCodeSchema } from '../codes/dossier-code';
import { durationSchema } from '../deadline/duration';
import { isHlc } from '../hlc/hlc';

const id = z.string().min(1).max(100);
const text = (max = 2000) => z.string().trim().min(1).max(max);

/** Kênh nộp: 1 in person, 2 online, 3 postal. */
export const channelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
/** Đối tượng: 1 citizen, 2 enterprise, 3 state agency, 4 other organisation. */
export const applicantTypeSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const personSchema = z.object({
  fullName: text(200),
  /** CCCD / passport / enterprise code. */
  idNumber: z.string().max(50).optional(),
  dateOfBirth: z.string().max(10).optional(),
  phone: z.string().max(30).optional(),
  email: z.string().max(200).optional(),
  address: z.string().max(500).optional(),
  organisation: z.string().max(300).optional(),
});
export type Person = z.infer<typeof personSchema>;

export const copiesSchema = z.object({
  original: z.number().int().min(0).max(99).default(0),
  certified: z.number().int().min(0).max(99).default(0),
  photocopy: z.number().int().min(0).max(99).default(0),
});

export const componentSchema = z.object({
  name: text(500),
  code: z.string().max(100).optional(),
  copies: copiesSchema,
  /** SHA-256 of the digitized PDF, when scanned. */
  fileSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Reused from the citizen's data store instead of scanned. */
  reused: z.boolean().optional(),
});

export const procedureSnapshotSchema = z.object({
  /** National procedure code, e.g. "2.000488". */
  code: text(50),
  name: text(1000),
  fieldCode: z.string().max(100).optional(),
  /** The duration in force at receipt (a later catalogue change does not touch this dossier). */
  duration: durationSchema,
  /** The catalogue version / decision the duration comes from. */
  source: z.string().max(300).optional(),
});

export const receivedPayloadSchema = z.object({
  code: dossierCodeSchema,
  procedure: procedureSnapshotSchema,
  channel: channelSchema,
  applicantType: applicantTypeSchema,
  applicant: personSchema,
  /** Chủ hồ sơ; omitted when the applicant is the owner. */
  owner: personSchema.optional(),
  components: z.array(componentSchema).max(200),
  /** The receiving office's working hours in force at receipt. */
  schedule: workScheduleSchema,
  /** Counter (quầy) that received it. */
  counterId: z.string().max(100).optional(),
  note: z.string().max(2000).optional(),
});

export const supplementRequestedPayloadSchema = z.object({
  /** Items to add or complete (form 02). */
  items: z.array(text(1000)).min(1).max(100),
  reason: text(),
  formNo: z.string().max(50).optional(),
});
export const supplementReceivedPayloadSchema = z.object({
  items: z.array(z.string().max(1000)).max(100).optional(),
  note: z.string().max(2000).optional(),
});
export const refusedPayloadSchema = z.object({ reason: text(), formNo: z.string().max(50).optional() });
export const transferredPayloadSchema = z.object({
  toOfficeId: id,
  /** Unit (phòng, bộ phận) inside the receiving office. */
  toUnitId: z.string().max(100).optional(),
  mode: z.enum(['electronic', 'paper']).default('electronic'),
  /** Due time of the receiving office's step, when the procedure splits the time between steps. */
  stepDueAt: instantSchema.optional(),
  note: z.string().max(2000).optional(),
});
export const acceptedPayloadSchema = z.object({
  unitId: z.string().max(100).optional(),
  assigneeUserId: z.string().max(100).optional(),
  note: z.string().max(2000).optional(),
});
export const stepCompletedPayloadSchema = z.object({ step: text(300), note: z.string().max(2000).optional() });
export const financialRequestedPayloadSchema = z.object({
  description: text(),
  /** Amount in VND. */
  amount: z.number().int().min(0).optional(),
});
export const financialPaidPayloadSchema = z.object({
  amount: z.number().int().min(0).optional(),
  receiptNo: z.string().max(100).optional(),
  online: z.boolean().optional(),
});
export const resultRecordedPayloadSchema = z.object({
  /** Number and symbol of the result document. */
  documentNo: z.string().max(200).optional(),
  summary: text(),
  /** True when the result is a written refusal to grant (still a result). */
  negative: z.boolean().optional(),
});
export const apologyIssuedPayloadSchema = z.object({
  reason: text(),
  /** The new due time promised in form 04. */
  newDueAt: instantSchema,
  formNo: z.string().max(50).optional(),
});
export const stoppedPayloadSchema = z.object({ reason: text(), formNo: z.string().max(50).optional() });
export const withdrawnPayloadSchema = z.object({ reason: z.string().max(2000).optional() });
export const returnedPayloadSchema = z.object({
  collectedBy: personSchema.extend({
    relation: z.enum(['applicant', 'owner', 'authorised', 'other']),
  }),
  method: z.enum(['counter', 'postal', 'online']).default('counter'),
  note: z.string().max(2000).optional(),
});
/** 9 criteria, 0–2 points each (max 18), and an overall rating 1–5. */
export const satisfactionRecordedPayloadSchema = z.object({
  criteria: z.array(z.number().int().min(0).max(2)).length(9),
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
});

/** Receipt fields that may be corrected after printing (never the code, procedure or receipt time). */
export const CORRECTABLE_FIELDS = [
  'applicant.fullName',
  'applicant.idNumber',
  'applicant.dateOfBirth',
  'applicant.phone',
  'applicant.email',
  'applicant.address',
  'applicant.organisation',
  'owner.fullName',
  'owner.idNumber',
  'owner.dateOfBirth',
  'owner.phone',
  'owner.email',
  'owner.address',
  'owner.organisation',
  'note',
  /** The procedure chosen at intake (its code): the new procedure's snapshot comes with the event. */
  'procedure',
] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export const receiptCorrectedPayloadSchema = z.object({
  field: z.string().max(100),
  oldValue: z.string().max(2000),
  newValue: z.string().max(2000),
  reason: text(),
  /** For a correction of the procedure: the new procedure as the catalogue had it (its duration applies). */
  procedure: procedureSnapshotSchema.optional(),
});

export const actorSchema = z.object({ userId: id, officeId: id });

const envelope = {
  /** UUIDv7 (time-ordered), generated by the writer. */
  id: z.string().min(1).max(64),
  dossierId: id,
  actor: actorSchema,
  deviceId: id,
  hlc: z.string().refine(isHlc, { message: 'HLC' }),
  wallTime: instantSchema,
};

function ev<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.object({ ...envelope, type: z.literal(type), payload });
}

export const dossierEventSchema = z.discriminatedUnion('type', [
  ev('received', receivedPayloadSchema),
  ev('supplement-requested', supplementRequestedPayloadSchema),
  ev('supplement-received', supplementReceivedPayloadSchema),
  ev('refused', refusedPayloadSchema),
  ev('transferred', transferredPayloadSchema),
  ev('accepted', acceptedPayloadSchema),
  ev('step-completed', stepCompletedPayloadSchema),
  ev('financial-obligation-requested', financialRequestedPayloadSchema),
  ev('financial-obligation-paid', financialPaidPayloadSchema),
  ev('result-recorded', resultRecordedPayloadSchema),
  ev('apology-issued', apologyIssuedPayloadSchema),
  ev('stopped', stoppedPayloadSchema),
  ev('withdrawn', withdrawnPayloadSchema),
  ev('returned', returnedPayloadSchema),
  ev('satisfaction-recorded', satisfactionRecordedPayloadSchema),
  ev('receipt-corrected', receiptCorrectedPayloadSchema),
]);

export type DossierEvent = z.infer<typeof dossierEventSchema>;
/** The input shape (defaults not yet applied), e.g. for building events in code. */
export type DossierEventInput = z.input<typeof dossierEventSchema>;
export type DossierEventType = DossierEvent['type'];
export type EventOf<T extends DossierEventType> = Extract<DossierEvent, { type: T }>;
export type PayloadOf<T extends DossierEventType> = EventOf<T>['payload'];

export type ReceivedPayload = PayloadOf<'received'>;
export type SupplementRequestedPayload = PayloadOf<'supplement-requested'>;
export type SupplementReceivedPayload = PayloadOf<'supplement-received'>;
export type RefusedPayload = PayloadOf<'refused'>;
export type TransferredPayload = PayloadOf<'transferred'>;
export type AcceptedPayload = PayloadOf<'accepted'>;
export type StepCompletedPayload = PayloadOf<'step-completed'>;
export type FinancialObligationRequestedPayload = PayloadOf<'financial-obligation-requested'>;
export type FinancialObligationPaidPayload = PayloadOf<'financial-obligation-paid'>;
export type ResultRecordedPayload = PayloadOf<'result-recorded'>;
export type ApologyIssuedPayload = PayloadOf<'apology-issued'>;
export type StoppedPayload = PayloadOf<'stopped'>;
export type WithdrawnPayload = PayloadOf<'withdrawn'>;
export type ReturnedPayload = PayloadOf<'returned'>;
export type SatisfactionRecordedPayload = PayloadOf<'satisfaction-recorded'>;
export type ReceiptCorrectedPayload = PayloadOf<'receipt-corrected'>;

export const DOSSIER_EVENT_TYPES = dossierEventSchema.options.map((o) => o.shape.type.value) as DossierEventType[];

/** Canonical order of a dossier's history: by HLC, then by event id. */
export function compareEvents(a: { hlc: string; id: string }, b: { hlc: string; id: string }): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
