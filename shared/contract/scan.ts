import { z } from 'zod';
import { cccdDataSchema } from '../cccd/parse';
import {
  attachmentViewSchema,
  deviceIdSchema,
  digitizationMetadataSchema,
  dossierLinkSchema,
  outputProfileSchema,
  scanDeviceSchema,
  scannerCapabilitiesSchema,
  scanOptionsSchema,
  scanSessionSchema,
} from '../scan/schema';

const sessionId = z.string().regex(/^[0-9a-f-]{36}$/);
const pageId = z.string().regex(/^[0-9a-f-]{36}$/);

/** Largest file accepted through `scan.importFile` as base64 (drag and drop); larger files by path. */
export const importBase64Limit = 40 * 1024 * 1024;

/**
 * Scanning into a session (DESIGN.md §2 digitization). A session holds the pages of one sitting at the
 * counter (kept on disk, so a scanner that vanishes mid-batch loses nothing already scanned); the
 * officer orders, rotates and deletes pages, then assembles a selection of them into one component PDF.
 */
export const scanCalls = {
  'scan.devices': {
    input: z.object({ discover: z.boolean().default(true) }),
    output: z.array(scanDeviceSchema),
  },
  'scan.capabilities': {
    input: z.object({ deviceId: deviceIdSchema }),
    output: scannerCapabilitiesSchema,
  },
  /** Adds a network scanner by address (host, host:port or http(s) URL); kept in the settings. */
  'scan.addNetworkScanner': {
    input: z.object({ address: z.string().trim().min(1).max(300) }),
    output: scanDeviceSchema,
  },
  'scan.start': {
    input: z.object({
      deviceId: deviceIdSchema,
      options: scanOptionsSchema.default({ source: 'flatbed', resolution: 300, mode: 'gray' }),
      /** Append to this session (rescan, next component); a new session otherwise. */
      sessionId: sessionId.optional(),
      target: z
        .object({
          componentIndex: z.number().int().min(0).nullable().default(null),
          componentName: z.string().max(500).nullable().default(null),
        })
        .default({ componentIndex: null, componentName: null }),
    }),
    output: z.object({ sessionId }),
  },
  'scan.session': {
    input: z.object({ sessionId }),
    output: scanSessionSchema,
  },
  'scan.sessions': {
    input: z.object({}),
    output: z.array(scanSessionSchema.omit({ pages: true }).extend({ pageCount: z.number().int() })),
  },
  'scan.cancel': {
    input: z.object({ sessionId }),
    output: scanSessionSchema,
  },
  'scan.reorder': {
    input: z.object({ sessionId, pageIds: z.array(pageId).max(1000) }),
    output: scanSessionSchema,
  },
  'scan.rotate': {
    input: z.object({
      sessionId,
      pageId,
      degrees: z.union([z.literal(90), z.literal(180), z.literal(270), z.literal(-90)]),
    }),
    output: scanSessionSchema,
  },
  'scan.deletePage': {
    input: z.object({ sessionId, pageId }),
    output: scanSessionSchema,
  },
  /** Drops the session and its page images. */
  'scan.close': {
    input: z.object({ sessionId }),
    output: z.object({ closed: z.boolean() }),
  },
  /**
   * Pages → one PDF component → attachment. `pageIds` picks (and orders) the pages of this component, so
   * one feeder batch can be split across several components; the pages used leave the session.
   */
  'scan.assemble': {
    input: z.object({
      sessionId,
      pageIds: z.array(pageId).min(1).max(1000).optional(),
      profile: outputProfileSchema.default('text'),
      dropBlank: z.boolean().default(true),
      metadata: digitizationMetadataSchema,
      link: dossierLinkSchema.default({ dossierId: null, componentIndex: null }),
    }),
    output: z.object({ attachment: attachmentViewSchema, droppedBlank: z.number().int(), pages: z.number().int() }),
  },
  /** A file dropped on the panel (base64) or picked on this machine (path): PNG, JPEG, TIFF or PDF. */
  'scan.importFile': {
    input: z
      .object({
        sessionId: sessionId.optional(),
        fileName: z.string().min(1).max(255),
        path: z.string().min(1).max(4096).optional(),
        base64: z
          .string()
          .max(Math.ceil(importBase64Limit / 3) * 4)
          .optional(),
      })
      .refine((v) => (v.path === undefined) !== (v.base64 === undefined), { message: 'scan.pathOrBytes' }),
    output: z.object({
      sessionId,
      added: z.number().int(),
      /** Pages of the file that could not be read (the others were kept). */
      failures: z.array(z.object({ page: z.number().int(), code: z.string(), message: z.string() })),
      session: scanSessionSchema,
    }),
  },
  /** Watch a folder (a share a scanner saves to): every new file is imported into the given session. */
  'scan.watchFolder': {
    input: z.object({ folder: z.string().min(1).max(4096).nullable(), sessionId: sessionId.optional() }),
    output: z.object({ folder: z.string().nullable(), sessionId: sessionId.nullable() }),
  },
  /** Looks for a CCCD QR on a page (or on every page of the session) and parses it. */
  'scan.findCccd': {
    input: z.object({ sessionId, pageId: pageId.optional() }),
    output: z.object({
      found: z.boolean(),
      pageId: pageId.nullable(),
      text: z.string().nullable(),
      applicant: cccdDataSchema.nullable(),
      /** A QR was read but is not a valid CCCD: why (translated). */
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  },
} as const;
