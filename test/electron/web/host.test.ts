import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebHost } from '../../../electron/web/host';
import { callNames } from '../../../shared/contract/calls';
import { openTestBackend, silentLog, tempDir } from '../../helpers/backend';

describe('the web host HTTP bridge', () => {
  const backend = openTestBackend();
  const empty = tempDir();
  let app: FastifyInstance;
  const headers = { host: '127.0.0.1:5180', 'content-type': 'application/json' };

  beforeAll(async () => {
    app = await createWebHost({ backend, rendererDir: empty.dir, log: silentLog, bodyLimit: 1024 * 1024 });
  });
  afterAll(async () => {
    await app.close();
    backend.dispose();
    empty.remove();
  });

  it('GET /api lists every call of the contract with its schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api', headers });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { calls: { name: string; path: string; input: { type: string } }[] };
    expect(body.calls.map((c) => c.name)).toEqual(callNames);
    expect(body.calls.find((c) => c.name === 'catalogue.search')).toMatchObject({
      path: '/api/catalogue.search',
      input: { type: 'object' },
    });
  });

  it('answers a catalogue search as JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers,
      payload: { query: 'ket hon' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    const body = response.json() as { ok: true; value: { items: { name: string }[] } };
    expect(body.value.items.map((p) => p.name)).toContain('Đăng ký kết hôn');
  });

  it('gives a malformed body a structured 400, not a 500 with a stack', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers,
      payload: '{"query": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(response.body).not.toMatch(/at .*\.js/);
  });

  it('gives a wrong schema a 400 with the issue, in the caller language', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers: { ...headers, 'accept-language': 'en-US,en;q=0.9' },
      payload: { limit: 100000 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'Some of the input is not valid.', issues: [{ path: 'limit' }] },
    });
  });

  it('answers 404 for an unknown call and for an unknown procedure', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/api/dossier.drop', headers, payload: {} });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'UNKNOWN_CALL' } });
    const missing = await app.inject({
      method: 'POST',
      url: '/api/catalogue.get',
      headers,
      payload: { code: '9.999999' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses an oversize body with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/catalogue.import',
      headers,
      payload: { content: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ ok: false, error: { code: 'BODY_TOO_LARGE' } });
  });

  it('refuses pages of other sites and DNS-rebound host names', async () => {
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers: { ...headers, origin: 'https://evil.example' },
      payload: {},
    });
    expect(foreign.statusCode).toBe(403);
    const rebound = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers: { ...headers, host: 'evil.example:5180' },
      payload: {},
    });
    expect(rebound.statusCode).toBe(403);
  });

  it('writes no log line per request: officers click all day, the log keeps what matters', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const host = await createWebHost({ backend, rendererDir: empty.dir, log, bodyLimit: 1024 * 1024 });
    try {
      const res = await host.inject({ method: 'POST', url: '/api/app.info', headers, payload: {} });
      expect(res.statusCode).toBe(200);
      expect(lines.filter((line) => /incoming request|request completed/.test(line))).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
