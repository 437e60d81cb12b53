import { type ZodError, z } from 'zod';
import { authorize, type Principal } from '../accounts/policy';
import { isLanguage, type Language, translator } from '../i18n';
import { isDomainError } from '../i18n/domain-error';
import type { Handlers } from './api';
import { type CallName, calls, isCallName } from './calls';
import { AppError, type AppErrorData, type ErrorParams, type Issue, type Result } from './result';

const zodLocales: Record<Language, () => { localeError: z.core.$ZodErrorMap }> = {
  vi: z.locales.vi,
  en: z.locales.en,
};

/**
 * Issues of a failed parse, each with its path and a message in the given language. A custom issue
 * whose message is a translation key (`validation.<key>`) is translated with its params.
 */
export function describeIssues(error: ZodError, language: Language): Issue[] {
  const t = translator(language);
  return error.issues.map((issue) => {
    const key = `validation.${issue.message}`;
    const params = 'params' in issue && issue.params ? (issue.params as ErrorParams) : {};
    const translated = t(key, { ...params, defaultValue: '' });
    return { path: issue.path.map(String).join('.'), message: translated || issue.message };
  });
}

/** Parse with messages in the user's language. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  language: Language,
): { ok: true; value: z.output<S> } | { ok: false; issues: Issue[] } {
  const parsed = schema.safeParse(value, { error: zodLocales[language]().localeError });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: describeIssues(parsed.error, language) };
}

export function errorData(code: string, language: Language, params: ErrorParams = {}, issues?: Issue[]): AppErrorData {
  // Application errors live under app:errors.*, the domain rules' errors in the domain namespace.
  const message = translator(language)([`errors.${code}`, `domain:${code}`], { ...params, defaultValue: code });
  return { code, message, ...(Object.keys(params).length ? { params } : {}), ...(issues ? { issues } : {}) };
}

export interface DispatchOptions {
  language?: string;
  /**
   * The caller as the session says (never as the input says). When given, the call → roles policy
   * (shared/accounts/policy.ts) is checked before the input is even parsed; a call missing from the
   * policy table is refused. The desktop back end always gives it.
   */
  principal?: Principal;
  /** Receives errors that were not raised on purpose, for the log; the caller sees only INTERNAL. */
  onInternalError?: (call: string, error: unknown) => void;
}

/**
 * Runs one call: checks the name, validates the input, runs the handler, validates the output, and
 * turns every failure into a Result with a translated message. Both bridges go through here.
 */
export async function dispatch<Ctx>(
  handlers: Handlers<Ctx>,
  name: string,
  rawInput: unknown,
  ctx: Ctx,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  const language: Language = isLanguage(options.language) ? options.language : 'vi';
  if (!isCallName(name)) return { ok: false, error: errorData('UNKNOWN_CALL', language, { call: name.slice(0, 100) }) };
  if (options.principal !== undefined) {
    const refusal = authorize(name, options.principal);
    if (refusal) return { ok: false, error: errorData(refusal, language, { call: name }) };
  }
  const spec = calls[name];
  const input = parseWith(spec.input, rawInput ?? {}, language);
  if (!input.ok) return { ok: false, error: errorData('VALIDATION_FAILED', language, {}, input.issues) };
  try {
    const handler = handlers[name as CallName] as (input: unknown, ctx: Ctx) => unknown;
    const value = await handler(input.value, ctx);
    const output = spec.output.safeParse(value);
    if (!output.success) {
      options.onInternalError?.(name, output.error);
      return { ok: false, error: errorData('INTERNAL', language) };
    }
    return { ok: true, value: output.data };
  } catch (error) {
    if (error instanceof AppError) {
      return { ok: false, error: errorData(error.code, language, error.params, error.issues) };
    }
    if (isDomainError(error)) return { ok: false, error: errorData(error.code, language, error.params) };
    options.onInternalError?.(name, error);
    return { ok: false, error: errorData('INTERNAL', language) };
  }
}
