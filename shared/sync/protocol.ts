/**
 * Sync protocol, version 1: what a desktop and the central server say to each other (DESIGN.md §5).
 * Pure zod schemas and constants; the server validates every request with them, and the desktop
 * client should validate every response with them.
 *
 * ## Envelope
 * Every path starts with `/sync/v1`. Bodies are JSON. Every response carries the server's clock in
 * the header `X-Motcua-Server-Time` (ISO 8601, ms) and in the body's `serverTime`; a desktop compares
 * it with its own clock (`clockSkewMs`) and warns the officer past `CLOCK_SKEW_WARNING_MS`.
 * - success: `{ ok: true, value: <the route's value>, serverTime }` (HTTP 200);
 * - failure: `{ ok: false, error: { code, message, params?, issues? }, serverTime }` with a 4xx/5xx.
 *   `message` is translated (Vietnamese, or English with `Accept-Language: en`); `code` is stable
 *   (see `SYNC_ERROR_CODES`). Nothing is stored by a refused request.
 * No response is larger than `MAX_RESPONSE_BYTES` (5 MB); no request body may be larger either (413).
 *
 * ## Enrolment and authentication
 * `POST /sync/v1/enrol { code, deviceName }` (no authentication) exchanges a one-time enrolment code,
 * issued by an administrator for one office, for a device credential: `{ deviceId, secret, token,
 * slot, slotCount, office }`. Keep `token` (= `<deviceId>.<secret>`) secret (Electron safeStorage, or a
 * 0600 file); the server keeps only a hash of it and cannot show it again. Every other request sends
 * `Authorization: Bearer <token>`. 401 with code AUTH_REQUIRED / AUTH_INVALID / DEVICE_REVOKED: stop
 * syncing and ask for a new enrolment (DEVICE_REVOKED carries the administrator's reason).
 * `slot`/`slotCount` feed `createDesktopNumbering(office.agencyId, slot, slotCount)`.
 *
 * ## Push: `POST /sync/v1/push { events: [...] }`
 * Send outbox events in outbox order, at most `MAX_PUSH_EVENTS` and `MAX_REQUEST_BYTES` per batch.
 * Each event is a `DossierEvent` (shared/dossier/events.ts) exactly as stored locally. The answer
 * has one acknowledgement per event, in the same order (`pushValueSchema`):
 * - `accepted` (with `serverSeq`): stored; remove it from the outbox.
 * - `duplicate` (with the original `serverSeq`): it was stored before; remove it from the outbox.
 *   Re-sending a whole batch is always safe and gives the same acknowledgements.
 * - `rejected` (with `reason`): never stored in the log. Reasons: `invalid` (schema), `unknown-type`,
 *   `forged-actor` (actor.officeId is not the device's office), `not-holder` (the office did not hold
 *   the dossier at the event's HLC time), `rule` (the lifecycle refused it at its place: `reason.detail`
 *   is the domain code, e.g. DOSSIER_PAUSED), `conflict` (it would invalidate events already accepted
 *   after it). `not-holder`, `rule` and `conflict` events go to the review queue (`GET /review`),
 *   visible to the submitting office and to the holder; mark them as such locally, do not resend.
 *   A rejected event never blocks the rest of the batch.
 * - `waiting-attachment` (with `missing` sha256 list): files before facts — upload those files
 *   (tus, below), then send the event again. Not stored.
 * - `deferred`: an earlier event of the same dossier in this batch is waiting for its attachment;
 *   send it again after that one. Not stored.
 * HTTP status: 200, or 422 (error code SYNC_EVENTS_REJECTED) when at least one event was `rejected`;
 * both carry `value.acks` (on 422 next to `error`): read the acknowledgements in both cases.
 * A 400 (malformed JSON, no `events` array, too many events) or 413 (too large) refused the whole
 * batch and stored nothing: split it or fix it.
 *
 * ## Pull: `GET /sync/v1/pull?after=<cursor>&limit=<n>`
 * Events the device's office may see (dossiers it received or that were transferred to it at any
 * time, and those of its configured supervision scope) with `serverSeq > after`, in server order,
 * at most `limit` (≤ `MAX_PULL_LIMIT`) and at most `MAX_PAGE_EVENT_BYTES` of events. Start with
 * `after=0`, store `nextCursor` after applying the page in one local transaction, and repeat while
 * `hasMore`. Insert idempotently by event id: when a dossier becomes visible to the office (a transfer
 * to it) its earlier events come again right before the first event of it in the page, so a page may
 * contain events with `serverSeq <= after` or already known. Each event carries the server's
 * `serverSeq` and `receivedAt`; apply them in HLC order per dossier (`fold` sorts them anyway).
 *
 * ## Attachments (files before facts)
 * `HEAD /sync/v1/attachments/<sha256>` → 200 when the server has the bytes, 404 otherwise.
 * Upload with the tus 1.0 protocol (creation, creation-with-upload, termination) at
 * `/sync/v1/uploads`, with the same Authorization header and `Upload-Metadata: sha256 <base64 of the
 * hex sha256>` (optionally `filename`, `contentType`). On the last PATCH the server hashes the bytes:
 * a mismatch answers 422 ATTACHMENT_HASH_MISMATCH and deletes the upload; a match stores the file by
 * its hash (uploading a file the server already has is harmless). When the server's store (a bucket)
 * cannot be reached, that PATCH answers 503 ATTACHMENT_STORE_UNAVAILABLE and the upload is deleted:
 * try again later with a new upload. Resume an interrupted upload with
 * HEAD on its URL then PATCH from `Upload-Offset`; if the URL answers 404, HEAD the attachment first.
 * `GET /sync/v1/attachments/<sha256>` serves the bytes to a device whose office may see a dossier
 * referencing them (or that uploaded them): a transferred dossier's scans are fetched on demand.
 * An event references an attachment through any string field named `sha256`/`fileSha256`/`…Sha256`
 * holding 64 hex digits (`attachmentRefs`).
 *
 * ## Number blocks: `POST /sync/v1/numbers { dates: [YYYY-MM-DD…], size? }`
 * Reserves, atomically, the next block of the server range (0001–5999) for the device's agency and
 * each date (`reserveBlock` semantics): feed them to `addBlocks`. A date whose range is full comes
 * back in `full` instead. Not idempotent: a retried request reserves new blocks (the lost ones are
 * simply unused numbers).
 *
 * ## Reference data: `GET /sync/v1/reference?since=<version>`
 * The catalogue, calendar and organisation tree documents newer than `since` (a global version
 * number), oldest first, within the page bound; `version` is the value to send next time and
 * `hasMore` says to ask again at once. A `users` document carries every user of the device's office
 * (disabled ones included) with their argon2id hashes, so sign-in works offline; it is sent when any
 * of them changed, or one moved to another office, after `since` (possibly with no user left). A
 * centrally managed user missing from it is disabled on the desktop.
 *
 * ## Review queue: `GET /sync/v1/review?after=<id>`
 * Rejected events that concern the device's office: those it submitted (`role: 'submitter'`) and
 * those aimed at dossiers it holds (`role: 'holder'`).
 */
import { z } from 'zod';
import { displayNameSchema, roleSchema, usernameSchema } from '../accounts/roles';
import { localDateSchema } from '../calendar/time';
import { dossierEventSchema } from '../dossier/events';

export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_BASE_PATH = '/sync/v1';
export const SERVER_TIME_HEADER = 'x-motcua-server-time';
export const UPLOAD_PATH = `${SYNC_BASE_PATH}/uploads`;

export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Request bodies: the same 5 MB bound as responses. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
export const MAX_PUSH_EVENTS = 1000;
/**
 * Events a pull page asks for: 2000 (about 1.3 MB on the bench's dossiers). Each page is stored in one
 * transaction, and each commit writes again the last, partly filled page of every B-tree it touched (a
 * desktop appends to about twenty): half as many commits, 62 MB less written (1263 → 1201 MB).
 * First sync of 100,000 dossiers, side by side (BENCHMARKS.md, session 10): 1000 events 32.5 s, 2000 30.6 s
 * (medians of 3), the floor unchanged; in a second series 2000 events 28.3 s, 3000 27.7 s with 12 MB more
 * peak memory, 4000 29.2 s with 189–200 MB (the budget is 200).
 */
export const DEFAULT_PULL_LIMIT = 2000;
export const MAX_PULL_LIMIT = 5000;
/** Events of one pull page, serialised, leave room for the envelope under MAX_RESPONSE_BYTES. */
export const MAX_PAGE_EVENT_BYTES = MAX_RESPONSE_BYTES - 64 * 1024;
/** A desktop whose clock differs from the server's by more than this warns the officer. */
export const CLOCK_SKEW_WARNING_MS = 5 * 60_000;
export const MAX_NUMBER_DATES = 14;
export const MAX_BLOCK_SIZE = 500;

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'sha256' });
const isoTime = z.string().min(1).max(40);

// ---- errors ------------------------------------------------------------------------------------

/** Stable codes of refused requests; translated under `server:errors.<code>`. */
export const SYNC_ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'INTERNAL',
  'AUTH_REQUIRED',
  'AUTH_INVALID',
  'DEVICE_REVOKED',
  'ADMIN_DISABLED',
  'ADMIN_FORBIDDEN',
  'ENROLMENT_CODE_INVALID',
  'SLOTS_EXHAUSTED',
  'OFFICE_NOT_FOUND',
  'OFFICE_EXISTS',
  'DEVICE_NOT_FOUND',
  'SYNC_EVENTS_REJECTED',
  'ATTACHMENT_NOT_FOUND',
  'ATTACHMENT_FORBIDDEN',
  'ATTACHMENT_METADATA',
  'ATTACHMENT_HASH_MISMATCH',
  'ATTACHMENT_STORE_UNAVAILABLE',
  'REFERENCE_TOO_LARGE',
  'REFERENCE_INVALID',
  'USER_EXISTS',
  'USER_NOT_FOUND',
  'REPORT_SCOPE_FORBIDDEN',
  'REPORT_PERIOD_INVALID',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const syncErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type SyncError = z.infer<typeof syncErrorSchema>;

export const errorEnvelopeSchema = z.object({ ok: z.literal(false), error: syncErrorSchema, serverTime: isoTime });

/** The success envelope of a route whose value is `value`. */
export function okEnvelope<S extends z.ZodType>(value: S) {
  return z.object({ ok: z.literal(true), value, serverTime: isoTime });
}

// ---- enrolment ---------------------------------------------------------------------------------

export const officeSummarySchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  name: z.string(),
  level: z.string().nullable(),
  parentId: z.string().nullable(),
});
export type OfficeSummary = z.infer<typeof officeSummarySchema>;

export const enrolRequestSchema = z.object({
  code: z.string().trim().min(4).max(64),
  deviceName: z.string().trim().min(1).max(200),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolValueSchema = z.object({
  deviceId: z.string(),
  /** base64url of 32 random bytes; shown once. */
  secret: z.string(),
  /** `<deviceId>.<secret>`: the Bearer token of every later request. */
  token: z.string(),
  slot: z.number().int().min(0),
  slotCount: z.number().int().min(1),
  office: officeSummarySchema,
});
export type EnrolValue = z.infer<typeof enrolValueSchema>;

// ---- push --------------------------------------------------------------------------------------

/** The batch envelope; each event is validated on its own so one bad event does not sink the batch. */
export const pushRequestSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_PUSH_EVENTS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const REJECT_REASONS = ['invalid', 'unknown-type', 'forged-actor', 'not-holder', 'rule', 'conflict'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
/** Reasons that put the event in the review queue (the others are malformed input, not stored). */
export const REVIEWED_REASONS: readonly RejectReason[] = ['not-holder', 'rule', 'conflict'];

export const ackReasonSchema = z.object({
  code: z.enum(REJECT_REASONS),
  /** The domain code for `rule`/`not-holder` (e.g. DOSSIER_PAUSED), the conflicting event for `conflict`. */
  detail: z.string().optional(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type AckReason = z.infer<typeof ackReasonSchema>;

export const ackSchema = z.object({
  /** The event id (or `#<index>` when the event had no readable id). */
  id: z.string(),
  status: z.enum(['accepted', 'duplicate', 'rejected', 'waiting-attachment', 'deferred']),
  serverSeq: z.number().int().optional(),
  reason: ackReasonSchema.optional(),
  /** waiting-attachment: the sha256 of the files still missing on the server. */
  missing: z.array(sha256Schema).optional(),
  /** deferred: the earlier event of the same dossier it waits for. */
  waitingFor: z.string().optional(),
});
export type Ack = z.infer<typeof ackSchema>;
export type AckStatus = Ack['status'];

export const pushValueSchema = z.object({ acks: z.array(ackSchema) });
export type PushValue = z.infer<typeof pushValueSchema>;
/** Both 200 and 422 answers to a push parse with this. */
export const pushResponseSchema = z.object({
  ok: z.boolean(),
  value: pushValueSchema,
  error: syncErrorSchema.optional(),
  serverTime: isoTime,
});

// ---- pull --------------------------------------------------------------------------------------

const cursor = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const pullQuerySchema = z.object({
  after: cursor.default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pulledEventSchema = z.object({
  serverSeq: z.number().int(),
  /** The server's receipt time (ISO). */
  receivedAt: isoTime,
  /** The event as it was pushed. */
  event: z.looseObject({ id: z.string(), dossierId: z.string(), type: z.string() }),
});
export type PulledEvent = z.infer<typeof pulledEventSchema>;
/** A client that wants the full check parses `event` with this. */
export const pulledDossierEventSchema = dossierEventSchema;

export const pullValueSchema = z.object({
  events: z.array(pulledEventSchema),
  /** Send as `after` next time (unchanged when the page is empty). */
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /**
   * The server's newest sequence number when it answered: the cursor goes no further, so a long pull
   * shows how far it is (the status bar's progress). Absent from servers older than this field.
   */
  headSeq: z.number().int().min(0).optional(),
});
export type PullValue = z.infer<typeof pullValueSchema>;

// ---- reference data ----------------------------------------------------------------------------

export const REFERENCE_KINDS = ['catalogue', 'calendar', 'organisation', 'users'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export const referenceQuerySchema = z.object({ since: cursor.default(0) });
export const referenceDocumentSchema = z.object({
  kind: z.enum(REFERENCE_KINDS),
  version: z.number().int(),
  createdAt: isoTime,
  /**
   * catalogue: the catalogue file; calendar: the calendar file; organisation: `{ offices: OfficeSummary[] }`;
   * users: `{ officeId, users: ReferenceUser[] }` (usersDocumentSchema).
   */
  content: z.unknown(),
});
export type ReferenceDocument = z.infer<typeof referenceDocumentSchema>;
export const referenceValueSchema = z.object({
  documents: z.array(referenceDocumentSchema),
  version: z.number().int().min(0),
  hasMore: z.boolean(),
});
export type ReferenceValue = z.infer<typeof referenceValueSchema>;
export const organisationDocumentSchema = z.object({ offices: z.array(officeSummarySchema) });

/** A centrally managed user as desktops receive it: enough to sign in offline, nothing more. */
export const referenceUserSchema = z.object({
  id: z.string().min(1).max(100),
  username: usernameSchema,
  displayName: displayNameSchema,
  roles: z.array(roleSchema).min(1).max(4),
  officeId: z.string().min(1).max(100),
  active: z.boolean(),
  /** argon2id PHC string. */
  passwordHash: z
    .string()
    .max(500)
    .regex(/^\$argon2id\$/),
  version: z.number().int(),
});
export type ReferenceUser = z.infer<typeof referenceUserSchema>;
export const usersDocumentSchema = z.object({ officeId: z.string(), users: z.array(referenceUserSchema) });
export type UsersDocument = z.infer<typeof usersDocumentSchema>;

// ---- number blocks -----------------------------------------------------------------------------

export const numbersRequestSchema = z.object({
  dates: z.array(localDateSchema).min(1).max(MAX_NUMBER_DATES),
  size: z.number().int().min(1).max(MAX_BLOCK_SIZE).optional(),
});
export type NumbersRequest = z.infer<typeof numbersRequestSchema>;
export const numberBlockSchema = z.object({
  agencyId: z.string(),
  date: localDateSchema,
  from: z.number().int(),
  to: z.number().int(),
});
export const numbersValueSchema = z.object({
  blocks: z.array(numberBlockSchema),
  /** Dates whose server range is used up: number from the fallback slot. */
  full: z.array(localDateSchema),
});
export type NumbersValue = z.infer<typeof numbersValueSchema>;

// ---- review queue ------------------------------------------------------------------------------

export const reviewQuerySchema = z.object({
  after: cursor.default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const reviewItemSchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  dossierId: z.string(),
  officeId: z.string(),
  deviceId: z.string(),
  holderOfficeId: z.string().nullable(),
  role: z.enum(['submitter', 'holder']),
  reason: ackReasonSchema,
  event: z.unknown(),
  createdAt: isoTime,
  resolvedAt: isoTime.nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;
export const reviewValueSchema = z.object({ items: z.array(reviewItemSchema), hasMore: z.boolean() });

// ---- clock -------------------------------------------------------------------------------------

/** Local clock minus server clock in ms (positive: the desktop is ahead), from a response's time. */
export function clockSkewMs(serverTime: string, localNowMs: number, roundTripMs = 0): number {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return 0;
  return localNowMs - (server + roundTripMs / 2);
}

export function isClockSkewed(skewMs: number): boolean {
  return Math.abs(skewMs) > CLOCK_SKEW_WARNING_MS;
}
