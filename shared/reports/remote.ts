/**
 * The reports route of the central server (issue 7 §4): form II.06a and the Decision 766 indicators
 * over the whole province's data, computed by the server with the same pure rules as the desktop
 * (shared/reports/ii06a.ts, shared/reports/indicators.ts) over its own fold of every dossier.
 *
 * `GET /sync/v1/reports/ii06a?from=YYYY-MM-DD&to=YYYY-MM-DD[&officeId=ID]`
 * `GET /sync/v1/reports/indicators766?from=…&to=…[&officeId=…]`
 * Authenticated as a device (`Authorization: Bearer <token>`, like every sync route), in the sync
 * envelope (`{ ok, value, serverTime }`). `officeId` defaults to the device's office. The report covers
 * the subtree of that office, limited to the offices the device's office may see (itself and its
 * configured supervision scope, `server-admin office scope`); an office outside that scope answers
 * 403 REPORT_SCOPE_FORBIDDEN, `from` after `to` 400 REPORT_PERIOD_INVALID. A dossier belongs to the
 * subtree when its receiving office or its current holder is in it (rule R9, as on the desktop).
 * Answers are a few kilobytes (one row per field), far below MAX_RESPONSE_BYTES.
 */
import { z } from 'zod';
import { localDateSchema } from '../calendar/time';
import { SYNC_BASE_PATH } from '../sync/protocol';
import { cellKeys, type Ii06aCells } from './ii06a';
import { INDICATOR_KEYS } from './indicators';

export const REPORTS_PATH = `${SYNC_BASE_PATH}/reports`;

export const remoteReportQuerySchema = z.object({
  officeId: z.string().min(1).max(100).optional(),
  from: localDateSchema,
  to: localDateSchema,
});
export type RemoteReportQuery = z.infer<typeof remoteReportQuerySchema>;

const count = z.number().int().min(0);
export const ii06aCellsSchema = z.object(
  Object.fromEntries(cellKeys.map((k) => [k, count])) as Record<keyof Ii06aCells, typeof count>,
);

const reportOfficeSchema = z.object({ id: z.string(), name: z.string(), agencyId: z.string().nullable() });

const reportHeadSchema = z.object({
  from: localDateSchema,
  to: localDateSchema,
  /** The office at the top of the reported subtree. */
  office: reportOfficeSchema,
  /** How many offices of the subtree the device may see (the ones counted). */
  offices: count,
  /** The server's clock when it computed the figures (ISO 8601). */
  computedAt: z.string().min(1).max(40),
  /** Dossier states the rules looked at (after the SQL pre-selection). */
  dossiers: count,
});

export const remoteIi06aSchema = reportHeadSchema.extend({
  rows: z.array(
    ii06aCellsSchema.extend({
      fieldCode: z.string().max(100),
      /** The field's name in the server's catalogue, when it has one. */
      fieldName: z.string().max(300).nullable(),
    }),
  ),
  totals: ii06aCellsSchema,
});
export type RemoteIi06a = z.infer<typeof remoteIi06aSchema>;

export const remoteIndicatorSchema = z.object({
  key: z.enum(INDICATOR_KEYS),
  maxPoints: z.number(),
  available: z.boolean(),
  numerator: z.number(),
  denominator: z.number(),
  rate: z.number().nullable(),
  score: z.number().nullable(),
});

export const remoteIndicatorsSchema = reportHeadSchema.extend({ items: z.array(remoteIndicatorSchema) });
export type RemoteIndicators = z.infer<typeof remoteIndicatorsSchema>;
