import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { z } from 'zod';
import { calls } from '../../shared/contract/calls';
import { errorData } from '../../shared/contract/dispatch';
import { isLanguage, type Language } from '../../shared/i18n';
import type { Backend } from '../backend/backend';
import type { Logger } from '../backend/log';

export interface WebHostOptions {
  backend: Backend;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  log: Logger;
  /** Largest request body accepted (catalogue imports are the biggest). */
  bodyLimit?: number;
}

/** The language of an HTTP caller: `x-motcua-language`, then Accept-Language, then Vietnamese. */
function languageOf(headers: Record<string, string | string[] | undefined>): Language {
  const explicit = headers['x-motcua-language'];
  if (isLanguage(explicit)) return explicit;
  const accept = String(headers['accept-language'] ?? '');
  const first = accept.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return isLanguage(first) ? first : 'vi';
}

/** Only pages served by this host (or no browser at all) may call it: no DNS rebinding, no CSRF. */
function isLocalHost(value: string | undefined): boolean {
  if (!value) return false;
  const host = value.replace(/^https?:\/\//, '').replace(/:\d+$/, '');
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict, only sent to the contract. */
export const sessionCookie = 'motcua_session';

/** The session token a request carries in its Cookie header, if any. */
export function sessionOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === sessionCookie) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function setCookieHeader(token: string | null): string {
  const attributes = 'Path=/api; HttpOnly; SameSite=Strict';
  return token ? `${sessionCookie}=${token}; ${attributes}` : `${sessionCookie}=; ${attributes}; Max-Age=0`;
}

/**
 * HTTP status for a failed call, by the error code's convention: `*_NOT_FOUND` 404, invalid input 400,
 * a refusal by the rules (an action the dossier's state does not allow, …) 422.
 */
export function httpStatusOf(code: string): number {
  if (code === 'INTERNAL') return 500;
  if (code === 'UNKNOWN_CALL' || code.endsWith('NOT_FOUND')) return 404;
  if (code === 'VALIDATION_FAILED' || code.endsWith('_INVALID') || code.endsWith('_NOT_JSON')) return 400;
  if (code === 'FORBIDDEN' || code.startsWith('FORBIDDEN_') || code === 'CALL_NOT_ALLOWED') return 403;
  if (code === 'SIGN_IN_REQUIRED' || code === 'SESSION_LOCKED' || code === 'SIGN_IN_FAILED') return 401;
  if (code === 'ACCOUNT_LOCKED') return 429;
  return 422;
}

/**
 * The HTTP bridge: `POST /api/<call>` with a JSON body answers the call's Result; `GET /api` lists the
 * calls with their JSON schemas; everything else serves the renderer.
 */
export async function createWebHost(options: WebHostOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 60 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!isLocalHost(request.headers.host) || (origin !== undefined && !isLocalHost(origin))) {
      const error = errorData('FORBIDDEN_ORIGIN', languageOf(request.headers));
      return reply.code(403).send({ ok: false, error });
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const language = languageOf(request.headers);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
      return reply.code(status).send({ ok: false, error: errorData(code, language) });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ ok: false, error: errorData('INTERNAL', language) });
  });

  app.get('/api', async () => ({
    calls: Object.entries(calls).map(([name, spec]) => ({
      name,
      method: 'POST',
      path: `/api/${name}`,
      input: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
      output: z.toJSONSchema(spec.output, { unrepresentable: 'any' }),
    })),
  }));

  app.post<{ Params: { call: string } }>('/api/:call', async (request, reply) => {
    const language = languageOf(request.headers);
    const result = await options.backend.call(request.params.call, request.body, {
      language,
      session: sessionOf(request.headers.cookie),
      setSession: (token) => {
        reply.header('set-cookie', setCookieHeader(token));
      },
    });
    if (!result.ok) return reply.code(httpStatusOf(result.error.code)).send(result);
    return result;
  });

  if (existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api')) return reply.sendFile('index.html');
      return reply.code(404).send({ ok: false, error: errorData('NOT_FOUND', languageOf(request.headers)) });
    });
  }
  return app;
}
