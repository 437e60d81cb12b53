import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebHost, sessionOf } from '../../../electron/web/host';
import { openTestBackend, silentLog, tempDir } from '../../helpers/backend';

vi.mock('electron', () => ({}));
const { registerIpc } = await import('../../../electron/main/ipc');
const { callChannel } = await import('../../../electron/main/channels');

describe('the HTTP bridge carries the session in an HttpOnly SameSite=Strict cookie', () => {
  const backend = openTestBackend({ user: false });
  const empty = tempDir();
  let app: FastifyInstance;
  const headers = { host: '127.0.0.1:5180', 'content-type': 'application/json' };
  beforeAll(async () => {
    app = await createWebHost({ backend, rendererDir: empty.dir, log: silentLog });
  });
  afterAll(async () => {
    await app.close();
    backend.dispose();
    empty.remove();
  });

  it('refuses a call without a session with 401, then signs in with a cookie the page cannot read', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/api/catalogue.search', headers, payload: {} });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });

    const setup = await app.inject({
      method: 'POST',
      url: '/api/accounts.setup',
      headers,
      payload: { username: 'quantri', displayName: 'Quản trị', password: 'mat-khau-quan-tri' },
    });
    expect(setup.statusCode).toBe(200);
    const cookie = String(setup.headers['set-cookie']);
    expect(cookie).toMatch(/^motcua_session=[A-Za-z0-9_-]{40,}; Path=\/api; HttpOnly; SameSite=Strict$/);
    expect(setup.body).not.toContain(cookie.split(';')[0]?.split('=')[1] ?? 'x');

    const token = cookie.split(';')[0] as string;
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers: { ...headers, cookie: token },
      payload: { query: 'ket hon' },
    });
    expect(signedIn.statusCode).toBe(200);

    const forged = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers: { ...headers, cookie: 'motcua_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      payload: {},
    });
    expect(forged.statusCode).toBe(401);

    const out = await app.inject({
      method: 'POST',
      url: '/api/accounts.signOut',
      headers: { ...headers, cookie: token },
      payload: {},
    });
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await app.inject({
      method: 'POST',
      url: '/api/catalogue.search',
      headers: { ...headers, cookie: token },
      payload: {},
    });
    expect(after.statusCode).toBe(401);
  });

  it('reads only a well-formed session cookie', () => {
    expect(sessionOf('a=b; motcua_session=abcdefghijklmnopqrstuvwxyz012345')).toBe('abcdefghijklmnopqrstuvwxyz012345');
    expect(sessionOf("motcua_session=' OR 1=1 --")).toBeUndefined();
    expect(sessionOf(undefined)).toBeUndefined();
  });
});

describe('the IPC bridge keeps the session in the main process, per webContents', () => {
  const backend = openTestBackend({ user: false });
  afterAll(() => backend.dispose());
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  registerIpc(
    { handle: (c: string, h: (...a: unknown[]) => unknown) => handlers.set(c, h) } as never,
    backend,
    () => 'vi',
  );
  const destroyed = new Map<number, () => void>();
  const sender = (id: number) => ({ id, once: (_e: string, f: () => void) => destroyed.set(id, f) });
  const invoke = (id: number, name: string, input: unknown) =>
    handlers.get(callChannel)?.(
      { senderFrame: { url: 'app://motcua/index.html', parent: null }, sender: sender(id) },
      name,
      input,
    ) as Promise<{ ok: boolean; error?: { code: string } }>;

  it('a sign-in in one window does not sign in another; closing the window ends its session', async () => {
    expect(
      (
        await invoke(1, 'accounts.setup', {
          username: 'quantri',
          displayName: 'Quản trị',
          password: 'mat-khau-quan-tri',
        })
      ).ok,
    ).toBe(true);
    expect((await invoke(1, 'catalogue.search', {})).ok).toBe(true);
    expect((await invoke(2, 'catalogue.search', {})).error?.code).toBe('SIGN_IN_REQUIRED');
    destroyed.get(1)?.();
    expect((await invoke(1, 'catalogue.search', {})).error?.code).toBe('SIGN_IN_REQUIRED');
    expect(backend.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'sign-out'`)?.n).toBe(1);
  });
});
