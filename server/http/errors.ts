import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pino from 'pino';
import type { z } from 'zod';
import { describeIssues } from '../../shared/contract/dispatch';
import { type Language, translator } from '../../shared/i18n';
import { isDomainError } from '../../shared/i18n/domain-error';
import { MAX_REQUEST_BYTES, SERVER_TIME_HEADER, type SyncError, type SyncErrorCode } from '../../shared/sync/protocol';

export type Params = Record<string, string | number>;

/** A refused request: a stable code, its HTTP status and the values of its message. */
export class ServerFailure extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly status: number,
    readonly params: Params = {},
    readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(code);
    this.name = 'ServerFailure';
  }
}

/** The caller's language: English when Accept-Language prefers it, else Vietnamese. */
export function languageOf(request: { headers: Record<string, string | string[] | undefined> }): Language {
  const header = request.headers['accept-language'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function errorBody(
  language: Language,
  code: string,
  params: Params = {},
  issues?: SyncError['issues'],
): SyncError {
  const message = translator(language)([`server:errors.${code}`, `domain:${code}`], { ...params, defaultValue: code });
  return { code, message, ...(Object.keys(params).length ? { params } : {}), ...(issues ? { issues } : {}) };
}

export function serverTime(): string {
  return new Date().toISOString();
}

/** `{ ok: true, value, serverTime }`. */
export function sendOk(reply: FastifyReply, value: unknown, status = 200): FastifyReply {
  return reply.code(status).send({ ok: true, value, serverTime: serverTime() });
}

/** Parses with the caller's language; throws a 400 VALIDATION_FAILED with the issues. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, request: FastifyRequest): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ServerFailure('VALIDATION_FAILED', 400, {}, describeIssues(parsed.error, languageOf(request)));
}

/**
 * Every response carries the server time; every failure becomes `{ ok: false, error, serverTime }`
 * with a translated message. Unexpected errors are logged and answered 500 without details.
 */
export function installErrorHandling(app: FastifyInstance, log: pino.Logger): void {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header(SERVER_TIME_HEADER, serverTime());
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ ok: false, error: errorBody(languageOf(request), 'NOT_FOUND'), serverTime: serverTime() });
  });
  app.setErrorHandler((error: FastifyError | ServerFailure | Error, request, reply) => {
    const language = languageOf(request);
    const send = (status: number, body: SyncError) =>
      reply.code(status).send({ ok: false, error: body, serverTime: serverTime() });
    if (error instanceof ServerFailure) {
      return send(error.status, errorBody(language, error.code, error.params, error.issues));
    }
    if (isDomainError(error)) return send(422, errorBody(language, error.code, error.params));
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyError.statusCode === 413) {
      return send(413, errorBody(language, 'PAYLOAD_TOO_LARGE', { limit: MAX_REQUEST_BYTES }));
    }
    if (
      typeof fastifyError.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      // Malformed JSON, wrong content type, empty body, bad URL …: the client's fault, said plainly.
      return send(fastifyError.statusCode, errorBody(language, 'BAD_REQUEST', { detail: error.message.slice(0, 300) }));
    }
    log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    return send(500, errorBody(language, 'INTERNAL'));
  });
}
