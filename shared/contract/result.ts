import { z } from 'zod';

/** One problem with an input, named by its path (`procedures.3.code`) and said in the user's language. */
export const issueSchema = z.object({ path: z.string(), message: z.string() });
export type Issue = z.infer<typeof issueSchema>;

/**
 * An error as it crosses a bridge: a stable code (its translation key is `errors.<code>`), the message
 * already translated, the values the message was built from, and for invalid input the list of issues.
 */
export const appErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  issues: z.array(issueSchema).optional(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

/** Every call answers with a Result, never a thrown error: IPC loses the fields of rejected errors. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export type ErrorParams = Record<string, string | number>;

/** An expected failure that a handler raises on purpose; anything else is an internal error. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly params: ErrorParams = {},
    readonly issues?: Issue[],
  ) {
    super(code);
    this.name = 'AppError';
  }
}
