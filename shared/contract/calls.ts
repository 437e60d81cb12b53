import { z } from 'zod';
import { fieldSchema, procedureCodeSchema, procedureLevelSchema, procedureViewSchema } from '../catalogue/procedure';

/**
 * The contract: every call between the UI and the desktop back end, with its input and output schema.
 * The Electron IPC bridge and the HTTP bridge are both generated from this object and both validate
 * what crosses them. Add a call here, implement it in the back end's handlers, and both bridges and
 * the typed client have it.
 */
export const calls = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      name: z.string(),
      version: z.string(),
      schemaVersion: z.number().int(),
      catalogueVersion: z.string().nullable(),
    }),
  },
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

export type Calls = typeof calls;
export type CallName = keyof Calls;
export const callNames = Object.keys(calls) as CallName[];

/** What a caller passes (defaults may be left out). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What a handler receives (defaults filled in, validated). */
export type HandlerInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}
