import { z } from 'zod';

/** Calls about the application itself. */
export const appCalls = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      name: z.string(),
      version: z.string(),
      schemaVersion: z.number().int(),
      catalogueVersion: z.string().nullable(),
    }),
  },
} as const;
