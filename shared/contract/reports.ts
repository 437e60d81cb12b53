import { z } from 'zod';
import { localDateSchema } from '../calendar/time';
import { INDICATOR_KEYS } from '../reports/indicators';
import { dossierRowSchema } from './dossier';

const officeIdSchema = z.string().min(1).max(100);
/** A period of local dates, both included; `from` ≤ `to` is checked by the back end (REPORT_PERIOD_INVALID). */
const periodSchema = z.object({ from: localDateSchema, to: localDateSchema });

export const dashboardMetricSchema = z.enum([
  'open',
  'overdue',
  'dueToday',
  'dueSoon',
  'paused',
  'resolved',
  'resolvedLate',
]);
export type DashboardMetric = z.infer<typeof dashboardMetricSchema>;
export const dashboardDimensionSchema = z.enum(['office', 'field', 'procedure', 'officer']);
export type DashboardDimension = z.infer<typeof dashboardDimensionSchema>;

const countsSchema = z.object({
  open: z.number().int(),
  overdue: z.number().int(),
  dueToday: z.number().int(),
  dueSoon: z.number().int(),
  paused: z.number().int(),
});
export type DashboardCounts = z.infer<typeof countsSchema>;

const groupRowSchema = countsSchema.extend({ key: z.string(), label: z.string() });
export type DashboardGroupRow = z.infer<typeof groupRowSchema>;

const onTimeSchema = z.object({
  resolved: z.number().int(),
  early: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  /** (early + on time) ÷ resolved; null when nothing was resolved. */
  rate: z.number().nullable(),
});

export const dashboardSchema = z.object({
  /** The instant the figures were computed at. */
  at: z.string(),
  scope: z.object({ officeId: z.string(), name: z.string(), offices: z.number().int() }),
  /** Computed from this desktop's data (always true here; the central server's route says false). */
  local: z.boolean(),
  period: periodSchema,
  dueWithinHours: z.number(),
  totals: countsSchema,
  groups: z.record(dashboardDimensionSchema, z.array(groupRowSchema)),
  onTime: onTimeSchema,
  charts: z.object({
    weekly: z.array(z.object({ week: z.string(), received: z.number().int(), resolved: z.number().int() })),
    monthly: z.array(
      z.object({
        month: z.string(),
        resolved: z.number().int(),
        inTime: z.number().int(),
        rate: z.number().nullable(),
      }),
    ),
    lateByHolder: z.array(
      z.object({ key: z.string(), label: z.string(), resolvedLate: z.number().int(), overdue: z.number().int() }),
    ),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const lateAnalysisSchema = z.object({
  lostAt: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('handoff'),
      fromOfficeId: z.string(),
      fromOfficeName: z.string(),
      toOfficeId: z.string(),
      toOfficeName: z.string(),
      givenAt: z.string(),
      stepDueAt: z.string().nullable(),
    }),
    z.object({ kind: z.literal('holder'), officeId: z.string().nullable(), officeName: z.string() }),
  ]),
  apology: z.enum(['none', 'inTime', 'late']),
  apologyIssuedAt: z.string().nullable(),
});

/** A drill-down row: the dossier list row plus what a supervisor needs to judge it. */
export const drillRowSchema = dossierRowSchema.extend({
  fieldCode: z.string().nullable(),
  holderName: z.string(),
  late: lateAnalysisSchema.nullable(),
});
export type DrillRow = z.infer<typeof drillRowSchema>;

const dashboardInput = z.object({
  /** The office whose subtree is reported; the desk's office by default; must be inside the desk's scope. */
  officeId: officeIdSchema.optional(),
  /** Period of the on-time rate and the charts; the last 3 months to today by default. */
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  /** "Due soon" = within this many working hours. */
  dueWithinHours: z.number().min(1).max(400).default(8),
});

export const ii06aRowSchema = z.object({
  fieldCode: z.string(),
  fieldName: z.string(),
  receivedTotal: z.number().int(),
  carriedOver: z.number().int(),
  receivedOnline: z.number().int(),
  receivedDirect: z.number().int(),
  resolvedTotal: z.number().int(),
  resolvedEarly: z.number().int(),
  resolvedOnTime: z.number().int(),
  resolvedLate: z.number().int(),
  pendingTotal: z.number().int(),
  pendingWithinTime: z.number().int(),
  pendingOverdue: z.number().int(),
  ended: z.number().int(),
});

const reportInput = periodSchema.extend({ officeId: officeIdSchema.optional() });

/**
 * Where a report's figures come from (issue 7 §4): the central server's province-wide data when this
 * desktop is enrolled and the server answered, else this desktop's own data, with the reason.
 */
export const reportSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('server'),
    /** The server's clock when it computed the figures (ISO 8601). */
    at: z.string(),
    /** Events written on this desktop and not yet pushed: not in the server's figures. */
    pendingLocal: z.number().int(),
  }),
  z.object({
    kind: z.literal('local'),
    at: z.string(),
    reason: z.enum(['not-enrolled', 'offline', 'unreachable', 'refused']),
    /** The server's message when it refused, or the network error. */
    detail: z.string().optional(),
  }),
]);
export type ReportSource = z.infer<typeof reportSourceSchema>;

export const ii06aSchema = z.object({
  from: localDateSchema,
  to: localDateSchema,
  office: z.object({ id: z.string(), name: z.string(), agencyId: z.string().nullable() }),
  /** True when computed from this desktop's data (see `source`). */
  local: z.boolean(),
  source: reportSourceSchema,
  generatedAt: z.string(),
  rows: z.array(ii06aRowSchema),
  totals: ii06aRowSchema.omit({ fieldCode: true, fieldName: true }),
});
export type Ii06aView = z.infer<typeof ii06aSchema>;

export const indicatorSchema = z.object({
  key: z.enum(INDICATOR_KEYS),
  maxPoints: z.number(),
  available: z.boolean(),
  numerator: z.number(),
  denominator: z.number(),
  rate: z.number().nullable(),
  score: z.number().nullable(),
});

export const alertSchema = z.object({
  kind: z.enum(['lastDay', 'apologyDue']),
  row: dossierRowSchema,
});
export type DeadlineAlert = z.infer<typeof alertSchema>;

export const reportsCalls = {
  /** The offices a supervisor at this desk may report on: the desk's office and everything under it. */
  'reports.scope': {
    input: z.object({}),
    output: z.object({
      officeId: z.string(),
      offices: z.array(
        z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), depth: z.number().int() }),
      ),
    }),
  },
  'reports.dashboard': { input: dashboardInput, output: dashboardSchema },
  /** The dossiers behind one number of the dashboard. */
  'reports.drill': {
    input: dashboardInput.extend({
      metric: dashboardMetricSchema,
      dimension: dashboardDimensionSchema.optional(),
      key: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ total: z.number().int(), items: z.array(drillRowSchema) }),
  },
  'reports.alerts': {
    input: z.object({ officeId: officeIdSchema.optional() }),
    output: z.object({ at: z.string(), items: z.array(alertSchema) }),
  },
  'reports.ii06a': { input: reportInput, output: ii06aSchema },
  'reports.indicators766': {
    input: reportInput,
    output: z.object({
      from: localDateSchema,
      to: localDateSchema,
      local: z.boolean(),
      source: reportSourceSchema,
      items: z.array(indicatorSchema),
    }),
  },
  /** Form II.06a as an Excel workbook (laid out like the official template) or a PDF, base64-encoded. */
  'reports.exportII06a': {
    input: reportInput.extend({ format: z.enum(['xlsx', 'pdf']).default('xlsx') }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() }),
  },
} as const;
