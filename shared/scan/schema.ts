/**
 * Scanning and digitization (số hóa, DESIGN.md §2): the shapes that cross the contract and the scanner
 * adapters. Pure schemas; the back end fills them.
 */
import { z } from 'zod';
import { localDateSchema } from '../calendar/time';

/** Where the paper is taken from. */
export const scanSourceSchema = z.enum(['flatbed', 'adf', 'adf-duplex']);
export type ScanSource = z.infer<typeof scanSourceSchema>;

/** How the scanner samples the page. */
export const colourModeSchema = z.enum(['color', 'gray', 'lineart']);
export type ColourMode = z.infer<typeof colourModeSchema>;

export const scannerKindSchema = z.enum(['sane', 'escl', 'wia', 'file']);
export type ScannerKind = z.infer<typeof scannerKindSchema>;

export const scannerCapabilitiesSchema = z.object({
  sources: z.array(scanSourceSchema),
  resolutions: z.array(z.number().int().positive()),
  modes: z.array(colourModeSchema),
  /** Formats the device can hand over (informative). */
  formats: z.array(z.string()).default([]),
});
export type ScannerCapabilities = z.infer<typeof scannerCapabilitiesSchema>;

/** A device id is `<kind>:<address>`, e.g. `sane:test:0`, `escl:http://192.168.1.20:8080/eSCL`. */
export const deviceIdSchema = z
  .string()
  .min(3)
  .max(500)
  .regex(/^(sane|escl|wia):./);

export const scanDeviceSchema = z.object({
  id: deviceIdSchema,
  kind: scannerKindSchema,
  name: z.string(),
  /** How it was found: listed by the driver, discovered on the network, or typed by an administrator. */
  origin: z.enum(['driver', 'mdns', 'manual']),
});
export type ScanDevice = z.infer<typeof scanDeviceSchema>;

export const scanOptionsSchema = z.object({
  source: scanSourceSchema.default('flatbed'),
  resolution: z.number().int().min(75).max(1200).default(300),
  mode: colourModeSchema.default('gray'),
  /** Stop after this many pages (feeder); unlimited when absent. */
  maxPages: z.number().int().min(1).max(500).optional(),
});
export type ScanOptions = z.infer<typeof scanOptionsSchema>;

/**
 * How a component's PDF is written: `text` = 1-bit at 300 dpi (sharp, Flate with PNG predictors; the
 * smallest legible form of printed text), `gray` = 8-bit grayscale JPEG, `color` = colour JPEG (red
 * stamps, photos), both at 200 dpi unless told.
 */
export const outputProfileSchema = z.enum(['text', 'gray', 'color']);
export type OutputProfile = z.infer<typeof outputProfileSchema>;

/** Intake component (thành phần hồ sơ) or result (kết quả giải quyết). */
export const attachmentKindSchema = z.enum(['intake', 'result']);

export const ownerIdNumberSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Z]{6,20}$/, { message: 'scan.ownerIdNumber' });

/** The digitization metadata of one component (DESIGN.md §2). */
export const digitizationMetadataSchema = z.object({
  componentCode: z.string().trim().max(60).nullable().default(null),
  componentName: z.string().trim().min(1).max(500),
  ownerIdNumber: ownerIdNumberSchema.nullable().default(null),
  /** Số và ký hiệu văn bản, e.g. "123/QĐ-UBND". */
  documentNumber: z.string().trim().max(100).nullable().default(null),
  issueDate: localDateSchema.nullable().default(null),
  issuer: z.string().trim().max(300).nullable().default(null),
  summary: z.string().trim().max(2000).nullable().default(null),
  /** Last day the document is valid; null = no expiry. */
  validUntil: localDateSchema.nullable().default(null),
  kind: attachmentKindSchema.default('intake'),
  digitizedBy: z.string().trim().min(1).max(200),
});
export type DigitizationMetadata = z.infer<typeof digitizationMetadataSchema>;

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** Binding of a digitized component to a dossier; both null until the dossier is received. */
export const dossierLinkSchema = z.object({
  dossierId: z.string().min(1).max(100).nullable().default(null),
  componentIndex: z.number().int().min(0).max(500).nullable().default(null),
});

/** One digitized component: a file (by SHA-256) and what it is. */
export const attachmentViewSchema = z.object({
  /** The link row's id (one file may back several links: reuse). */
  id: z.string(),
  sha256: sha256Schema,
  size: z.number().int().nonnegative(),
  mime: z.string(),
  pageCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  dossierId: z.string().nullable(),
  componentIndex: z.number().int().nullable(),
  componentCode: z.string().nullable(),
  componentName: z.string(),
  ownerIdNumber: z.string().nullable(),
  documentNumber: z.string().nullable(),
  issueDate: z.string().nullable(),
  issuer: z.string().nullable(),
  summary: z.string().nullable(),
  validUntil: z.string().nullable(),
  kind: attachmentKindSchema,
  digitizedBy: z.string(),
  digitizedAt: z.string(),
  reused: z.boolean(),
  /** For a reuse: the link it was reused from. */
  reusedFrom: z.string().nullable(),
  /** Who recorded the reuse (the original digitizer stays in digitizedBy). */
  reusedBy: z.string().nullable(),
});
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const scanPageSchema = z.object({
  id: z.string(),
  /** 1-based position in the session. */
  position: z.number().int().positive(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  /** Resolution the page was scanned at (or read from the file). */
  dpi: z.number().positive(),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  /** Fraction of the page covered by ink; pages under the threshold count as blank. */
  ink: z.number().min(0).max(1),
  blank: z.boolean(),
  /** `image` pages are re-encoded; `pdf` pages are copied from an imported PDF as they are. */
  type: z.enum(['image', 'pdf']),
  /** A small JPEG as a data: URL (null for PDF pages: the viewer renders them). */
  thumbnail: z.string().nullable(),
  /** Where the page came from: the device id or the imported file's name. */
  origin: z.string(),
});
export type ScanPage = z.infer<typeof scanPageSchema>;

export const scanSessionStatusSchema = z.enum(['idle', 'scanning', 'done', 'cancelled', 'failed']);

export const scanSessionSchema = z.object({
  id: z.string(),
  status: scanSessionStatusSchema,
  deviceId: z.string().nullable(),
  /** The component the officer is scanning into (checklist position), if any. */
  target: z.object({ componentIndex: z.number().int().nullable(), componentName: z.string().nullable() }),
  pages: z.array(scanPageSchema),
  /** Pages received from the device during the current or last scan. */
  scanned: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type ScanSessionView = z.infer<typeof scanSessionSchema>;
