import { z } from 'zod';
import { localDateSchema } from '../calendar/time';

export const formNumberSchema = z.enum(['01', '02', '03', '04', '05', '06', '07']);
export type FormNumber = z.infer<typeof formNumberSchema>;

/** The subject of a printed form: a dossier, a dossier sent back at the counter, or a period (07). */
export const formSubjectSchema = z.union([
  z.object({ dossierId: z.string().min(1).max(100) }),
  z.object({ intakeOutcomeId: z.string().min(1).max(100) }),
  z.object({ from: localDateSchema, to: localDateSchema }),
]);
export type FormSubjectInput = z.infer<typeof formSubjectSchema>;

export const formsCalls = {
  /** One legal form as PDF (base64), ready to print or to open. */
  'forms.render': {
    input: z.object({ form: formNumberSchema, subject: formSubjectSchema }),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
} as const;
