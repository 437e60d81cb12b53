import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './backend';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningHost {
  url: string;
  /** The test administrator's session cookie (`name=value`), when the host was started signed in. */
  cookie?: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** The password of the administrator startWebHost creates. */
export const HOST_ADMIN = { username: 'quantri', displayName: 'Quản trị viên', password: 'mat-khau-quan-tri' };

/** Cookies of the hosts started signed in, which launchChromium's pages carry (test/helpers/browser.ts). */
export const signedInHosts: { url: string; name: string; value: string }[] = [];

async function post(url: string, name: string, input: unknown, cookie?: string): Promise<Response> {
  const response = await fetch(`${url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
  return response;
}

/**
 * Starts `npm run web` as a real process (tsx, the built renderer) and waits until it serves. Unless
 * `signIn: false`, it then creates the first administrator (HOST_ADMIN, holding every role) through
 * the first-run call and keeps the session cookie, which pages of launchChromium() carry: tests of
 * other screens start signed in.
 */
export async function startWebHost(
  dataDir: string,
  extraArgs: string[] = [],
  options: { signIn?: boolean } = {},
): Promise<RunningHost> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(repoRoot, 'electron', 'web', 'main.ts'),
      '--port',
      String(port),
      '--data',
      dataDir,
      ...extraArgs,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOTCUA_LOG_LEVEL: 'warn' } },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web host exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/api`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`web host did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  let cookie: string | undefined;
  if (options.signIn !== false) {
    const status = (await (
      await fetch(`${url}/api/accounts.status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as {
      value: { setupRequired: boolean };
    };
    const response = status.value.setupRequired
      ? await post(url, 'accounts.setup', HOST_ADMIN)
      : await post(url, 'accounts.signIn', { username: HOST_ADMIN.username, password: HOST_ADMIN.password });
    cookie = String(response.headers.get('set-cookie')).split(';')[0] as string;
    const me = ((await response.json()) as { value: { user: { id: string } } }).value.user;
    await post(
      url,
      'users.save',
      {
        id: me.id,
        username: HOST_ADMIN.username,
        displayName: HOST_ADMIN.displayName,
        roles: ['counter', 'processing', 'supervisor', 'administrator'],
      },
      cookie,
    );
    // users.save ends the user's sessions (roles changed): sign in again.
    const again = await post(url, 'accounts.signIn', { username: HOST_ADMIN.username, password: HOST_ADMIN.password });
    cookie = String(again.headers.get('set-cookie')).split(';')[0] as string;
    const [name = '', value = ''] = cookie.split('=');
    signedInHosts.push({ url, name, value });
  }
  return {
    url,
    cookie,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
