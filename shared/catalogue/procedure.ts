import { z } from 'zod';
import { durationSchema } from '../deadline/duration';

/** National procedure code, e.g. `1.000894` or `2.000488`. */
export const procedureCodeSchema = z.string().regex(/^\d\.\d{6}$/, { message: 'catalogue.procedureCode' });

/** Government level that performs the procedure (after 1 July 2025: province or commune). */
export const procedureLevelSchema = z.enum(['province', 'commune']);
export type ProcedureLevel = z.infer<typeof procedureLevelSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const componentSchema = z.object({
  code: z.string().trim().max(40).optional(),
  name: text(500),
  copies: z.object({
    original: z.number().int().min(0).max(20),
    certified: z.number().int().min(0).max(20).default(0),
    photocopy: z.number().int().min(0).max(20).default(0),
  }),
  required: z.boolean().default(true),
  note: z.string().max(1000).default(''),
});
export type Component = z.infer<typeof componentSchema>;

export const fieldSchema = z.object({ code: text(40), name: text(200) });
export type Field = z.infer<typeof fieldSchema>;

export const procedureSchema = z.object({
  code: procedureCodeSchema,
  name: text(500),
  fieldCode: text(40),
  level: procedureLevelSchema,
  agency: text(300),
  duration: durationSchema,
  fee: z.object({ amount: z.number().int().min(0), note: z.string().max(500).default('') }),
  result: z.string().max(500).default(''),
  legalBasis: z.array(z.string().max(300)).max(50).default([]),
  components: z.array(componentSchema).max(60),
  effectiveFrom: z.iso.date(),
});
export type Procedure = z.infer<typeof procedureSchema>;

/**
 * A catalogue file as an administrator imports it. Every procedure must name a declared field and
 * codes must be unique; a failed check names the record.
 */
export const catalogueFileSchema = z
  .object({
    note: z.string().max(2000).optional(),
    version: z.string().trim().min(1).max(40),
    fields: z.array(fieldSchema).min(1).max(500),
    procedures: z.array(procedureSchema).min(1).max(20_000),
  })
  .superRefine((file, ctx) => {
    const fieldCodes = new Set(file.fields.map((f) => f.code));
    const seen = new Set<string>();
    file.procedures.forEach((p, i) => {
      if (!fieldCodes.has(p.fieldCode)) {
        ctx.addIssue({
          code: 'custom',
          path: ['procedures', i, 'fieldCode'],
          message: 'catalogue.unknownField',
          params: { code: p.code, field: p.fieldCode },
        });
      }
      if (seen.has(p.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['procedures', i, 'code'],
          message: 'catalogue.duplicateCode',
          params: { code: p.code },
        });
      }
      seen.add(p.code);
    });
  });
export type CatalogueFile = z.infer<typeof catalogueFileSchema>;

/** A procedure as the catalogue screens show it: the field's name resolved. */
export const procedureViewSchema = procedureSchema.extend({ fieldName: z.string() });
export type ProcedureView = z.infer<typeof procedureViewSchema>;
