import { z } from 'zod';
import { fieldSchema, procedureCodeSchema, procedureLevelSchema, procedureViewSchema } from '../catalogue/procedure';

/** The procedure catalogue (danh mục thủ tục hành chính). */
export const catalogueCalls = {
  'catalogue.fields': {
    input: z.object({}),
    output: z.array(fieldSchema.extend({ count: z.number().int() })),
  },
  'catalogue.search': {
    input: z.object({
      query: z.string().max(200).default(''),
      fieldCode: z.string().max(40).optional(),
      level: procedureLevelSchema.optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ total: z.number().int(), items: z.array(procedureViewSchema) }),
  },
  'catalogue.get': {
    input: z.object({ code: procedureCodeSchema }),
    output: procedureViewSchema,
  },
  'catalogue.import': {
    input: z.object({ content: z.string().max(50_000_000), fileName: z.string().max(260).optional() }),
    output: z.object({ version: z.string(), procedures: z.number().int(), fields: z.number().int() }),
  },
} as const;
