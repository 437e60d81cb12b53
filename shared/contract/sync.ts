import { z } from 'zod';
import { officeSummarySchema, sha256Schema } from '../sync/protocol';

/** Where the sync engine stands (DESIGN.md §5 and §9: always shown in the status bar). */
export const syncPhaseSchema = z.enum(['not-enrolled', 'idle', 'syncing', 'offline', 'error', 'unauthorised']);
export type SyncPhase = z.infer<typeof syncPhaseSchema>;

export const syncErrorViewSchema = z.object({
  /** Stable code: the server's (SYNC_EVENTS_REJECTED, DEVICE_REVOKED, …) or the client's (NETWORK, …). */
  code: z.string(),
  /** Translated for the caller. */
  message: z.string(),
  /** The step that failed: push, pull, uploads, reference, review, numbers, enrol. */
  step: z.string(),
  /** HTTP status, when the server answered. */
  status: z.number().int().nullable(),
  /** The server's or the system's own words (for the administrator). */
  detail: z.string(),
  at: z.string(),
});
export type SyncErrorView = z.infer<typeof syncErrorViewSchema>;

export const syncStatusSchema = z.object({
  phase: syncPhaseSchema,
  enrolled: z.boolean(),
  /** null before the first attempt. */
  online: z.boolean().nullable(),
  serverUrl: z.string().nullable(),
  deviceId: z.string().nullable(),
  office: officeSummarySchema.nullable(),
  pendingEvents: z.number().int(),
  /** Serialised size of the pending events. */
  pendingBytes: z.number().int(),
  /** Files still to upload before their events can go. */
  pendingFiles: z.number().int(),
  lastSyncAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastError: syncErrorViewSchema.nullable(),
  /** Local clock minus server clock (ms), from the last answer; null before any. */
  clockSkewMs: z.number().nullable(),
  /** True when the skew is beyond five minutes: legal times depend on this clock. */
  clockSkewed: z.boolean(),
  /** Open items of the review queue concerning this office. */
  reviewOpen: z.number().int(),
  /**
   * A pull in progress (null otherwise): events received so far in this run, and how far it is in per
   * cent (null when the server does not say).
   */
  pull: z.object({ events: z.number().int().min(0), percent: z.number().min(0).max(100).nullable() }).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const reviewEntrySchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  dossierId: z.string(),
  dossierCode: z.string().nullable(),
  eventType: z.string(),
  officeId: z.string(),
  holderOfficeId: z.string().nullable(),
  role: z.enum(['submitter', 'holder']),
  reasonCode: z.string(),
  reasonDetail: z.string().nullable(),
  message: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** The refused event as it was submitted (JSON). */
  event: z.string(),
});
export type ReviewEntry = z.infer<typeof reviewEntrySchema>;

/** Sync with the central server: state, enrolment, a sync now, the review queue. */
export const syncCalls = {
  'sync.status': {
    input: z.object({}),
    output: syncStatusSchema,
  },
  'sync.enrol': {
    input: z.object({
      serverUrl: z.string().trim().min(1).max(500),
      code: z.string().trim().min(4).max(64),
      deviceName: z.string().trim().min(1).max(200).optional(),
    }),
    output: syncStatusSchema,
  },
  'sync.now': {
    input: z.object({}),
    output: syncStatusSchema,
  },
  'sync.review': {
    input: z.object({
      includeResolved: z.boolean().default(false),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.object({ items: z.array(reviewEntrySchema), total: z.number().int() }),
  },
  'sync.fetchAttachment': {
    input: z.object({ sha256: sha256Schema }),
    output: z.object({ sha256: sha256Schema, size: z.number().int(), fetched: z.boolean() }),
  },
} as const;
