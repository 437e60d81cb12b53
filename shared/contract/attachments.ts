import { z } from 'zod';
import { localDateSchema } from '../calendar/time';
import { attachmentViewSchema, dossierLinkSchema, ownerIdNumberSchema, sha256Schema } from '../scan/schema';

const linkId = z.string().regex(/^[0-9a-f-]{36}$/);

/** Most bytes one `attachments.content` call returns (the viewer pages through larger files). */
export const attachmentChunkLimit = 4 * 1024 * 1024;

/** Digitized components: content-addressed files (SHA-256) with their metadata and dossier links. */
export const attachmentsCalls = {
  'attachments.get': {
    input: z.object({ id: linkId }),
    output: attachmentViewSchema,
  },
  'attachments.list': {
    input: z.object({ dossierId: z.string().min(1).max(100) }),
    output: z.array(attachmentViewSchema),
  },
  /** The file's bytes as base64, a chunk at a time. */
  'attachments.content': {
    input: z.object({
      sha256: sha256Schema,
      offset: z.number().int().min(0).default(0),
      length: z.number().int().min(1).max(attachmentChunkLimit).default(attachmentChunkLimit),
    }),
    output: z.object({
      sha256: sha256Schema,
      mime: z.string(),
      offset: z.number().int(),
      total: z.number().int(),
      base64: z.string(),
      done: z.boolean(),
    }),
  },
  /** Binds components digitized before the dossier was saved to the dossier, once it is received. */
  'attachments.bind': {
    input: z.object({ ids: z.array(linkId).min(1).max(200), dossierId: z.string().min(1).max(100) }),
    output: z.array(attachmentViewSchema),
  },
  /** Components already digitized for this owner, still valid on `today`, matching the component. */
  'attachments.findReusable': {
    input: z
      .object({
        ownerIdNumber: ownerIdNumberSchema,
        componentCode: z.string().trim().min(1).max(60).optional(),
        componentName: z.string().trim().min(1).max(500).optional(),
        /** Local date to judge validity on (defaults to today in Vietnam). */
        today: localDateSchema.optional(),
      })
      .refine((v) => v.componentCode !== undefined || v.componentName !== undefined, {
        message: 'scan.componentRequired',
      }),
    output: z.array(attachmentViewSchema),
  },
  /** Records a reuse: a new link to the same file, marked reused. */
  'attachments.reuse': {
    input: z.object({
      id: linkId,
      link: dossierLinkSchema.default({ dossierId: null, componentIndex: null }),
      digitizedBy: z.string().trim().min(1).max(200),
      today: localDateSchema.optional(),
    }),
    output: attachmentViewSchema,
  },
} as const;
