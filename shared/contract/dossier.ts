import { z } from 'zod';
import { instantSchema } from '../calendar/time';
import { procedureCodeSchema } from '../catalogue/procedure';
import { durationSchema } from '../deadline/duration';
import {
  applicantTypeSchema,
  channelSchema,
  copiesSchema,
  DOSSIER_EVENT_TYPES,
  type DossierEventType,
  personSchema,
} from '../dossier/events';

const eventTypeSchema = z.enum(DOSSIER_EVENT_TYPES as [DossierEventType, ...DossierEventType[]]);

/** What the counter officer fills in at intake (the back end adds code, time, schedule, actor). */
export const intakeSchema = z.object({
  procedureCode: procedureCodeSchema,
  channel: channelSchema.default(1),
  applicantType: applicantTypeSchema.default(1),
  applicant: personSchema,
  owner: personSchema.optional(),
  components: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(500),
        code: z.string().max(100).optional(),
        copies: copiesSchema,
        note: z.string().max(1000).optional(),
        fileSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
        reused: z.boolean().optional(),
      }),
    )
    .max(200),
  note: z.string().max(2000).optional(),
});
export type Intake = z.infer<typeof intakeSchema>;

/** A dossier as lists show it (one row of the projection). */
export const dossierRowSchema = z.object({
  id: z.string(),
  code: z.string().nullable(),
  status: z.number().int(),
  closed: z.boolean(),
  procedureCode: z.string().nullable(),
  procedureName: z.string().nullable(),
  applicantName: z.string().nullable(),
  applicantIdNumber: z.string().nullable(),
  applicantPhone: z.string().nullable(),
  ownerName: z.string().nullable(),
  holderOfficeId: z.string().nullable(),
  receivedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  pausedSince: z.string().nullable(),
  resultAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  lateNotice: z.boolean(),
  /** Working minutes left at the time of the answer (negative when overdue); null without deadline. */
  remainingWorkingMinutes: z.number().int().nullable(),
  overdue: z.boolean(),
});
export type DossierRow = z.infer<typeof dossierRowSchema>;

export const queueSchema = z.enum([
  'all',
  'mine',
  'today',
  'supplement',
  'processing',
  'ready',
  'dueSoon',
  'late',
  'closed',
]);
export type Queue = z.infer<typeof queueSchema>;

const handOffSchema = z.object({
  eventId: z.string(),
  fromOfficeId: z.string(),
  toOfficeId: z.string(),
  toUnitId: z.string().nullable(),
  mode: z.enum(['electronic', 'paper']),
  givenAt: z.string(),
  receivedAt: z.string().nullable(),
  stepDueAt: z.string().nullable(),
  timeliness: z.enum(['early', 'on-time', 'late']).nullable(),
});

/** One event of the timeline, as the detail view lists it. */
export const timelineEntrySchema = z.object({
  id: z.string(),
  type: eventTypeSchema,
  wallTime: z.string(),
  userId: z.string(),
  officeId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  rejected: z.string().nullable(),
});

export const dossierDetailSchema = z.object({
  row: dossierRowSchema,
  procedure: z
    .object({ code: z.string(), name: z.string(), fieldCode: z.string().optional(), duration: durationSchema })
    .nullable(),
  channel: z.number().int().nullable(),
  applicantType: z.number().int().nullable(),
  applicant: personSchema.nullable(),
  owner: personSchema.nullable(),
  components: z.array(
    z.object({
      name: z.string(),
      code: z.string().optional(),
      copies: copiesSchema,
      fileSha256: z.string().optional(),
      reused: z.boolean().optional(),
    }),
  ),
  note: z.string().nullable(),
  receivingOfficeId: z.string().nullable(),
  baseDueAt: z.string().nullable(),
  pausedWorkingMinutes: z.number(),
  supplementRequests: z.number().int(),
  pendingTransfer: z.object({ eventId: z.string(), toOfficeId: z.string() }).nullable(),
  handoffs: z.array(handOffSchema),
  extension: z.object({ newDueAt: z.string(), reason: z.string(), lateNotice: z.boolean() }).nullable(),
  result: z.object({ recordedAt: z.string(), summary: z.string(), documentNo: z.string().nullable() }).nullable(),
  returned: z.object({ at: z.string(), collectedBy: z.string(), relation: z.string() }).nullable(),
  satisfaction: z.object({ points: z.number().int(), rating: z.number().int() }).nullable(),
  corrections: z.array(
    z.object({ field: z.string(), oldValue: z.string(), newValue: z.string(), reason: z.string(), at: z.string() }),
  ),
  timeline: z.array(timelineEntrySchema),
  /** Display names of the officers in the timeline, by user id (events carry the id). */
  people: z.record(z.string(), z.string()),
  /** The actions the dossier's state allows this office now (the back end re-checks each one). */
  allowedActions: z.array(eventTypeSchema),
});
export type DossierDetail = z.infer<typeof dossierDetailSchema>;

/** Actions on a received dossier: the event type and its payload (validated against the domain's schema). */
export const dossierActionSchema = z.object({
  dossierId: z.string().min(1).max(100),
  type: eventTypeSchema.exclude(['received']),
  payload: z.record(z.string(), z.unknown()),
});

export const intakeOutcomeSchema = z.object({
  id: z.string(),
  kind: z.enum(['supplement', 'refusal']),
  at: instantSchema,
});

export const dossierCalls = {
  'dossier.receive': {
    input: intakeSchema,
    output: dossierDetailSchema,
  },
  /** Incomplete at the counter (form 02) or not eligible (form 03): not received, recorded for reports. */
  'dossier.intakeOutcome': {
    input: z.object({
      kind: z.enum(['supplement', 'refusal']),
      intake: intakeSchema,
      items: z.array(z.string().trim().min(1).max(1000)).max(100).default([]),
      reason: z.string().trim().min(1).max(2000),
    }),
    output: intakeOutcomeSchema,
  },
  'dossier.act': {
    input: dossierActionSchema,
    output: dossierDetailSchema,
  },
  'dossier.get': {
    input: z.object({ id: z.string().min(1).max(100) }).or(z.object({ code: z.string().min(1).max(40) })),
    output: dossierDetailSchema,
  },
  'dossier.list': {
    input: z.object({
      queue: queueSchema.default('all'),
      query: z.string().max(200).default(''),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ total: z.number().int(), items: z.array(dossierRowSchema) }),
  },
  'dossier.queues': {
    input: z.object({}),
    output: z.record(queueSchema, z.number().int()),
  },
} as const;
