import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { keyFileName, loadOrCreateKeyFile } from '../backend/accounts/secret';
import { openBackend } from '../backend/backend';
import { createLogger } from '../backend/log';
import { createWebHost } from './host';
import { rendererIsStale } from './renderer-build.mts';

/**
 * `npm run web -- [--port N] [--data DIR]`: builds the renderer if a file its last build read changed
 * (./renderer-build.mts), opens the desktop back end on DIR and serves the UI and the contract on 127.0.0.1 only.
 */
const root = resolve(__dirname, '..', '..');
const rendererOut = join(root, 'out', 'renderer');

const argsSchema = z.object({
  port: z.coerce.number().int().min(1).max(65535).default(5180),
  data: z
    .string()
    .min(1)
    .default(join(root, '.data', 'web')),
  'no-build': z.boolean().default(false),
  'no-sample': z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      'no-build': { type: 'boolean' },
      'no-sample': { type: 'boolean' },
    },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`${z.prettifyError(parsed.error)}\n`);
    process.exit(2);
  }
  const args = parsed.data;
  if (!args['no-build'] && rendererIsStale(rendererOut)) {
    process.stderr.write('Building the renderer…\n');
    const build = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: root,
      // Always the production build: started from a test runner (NODE_ENV=test) vite would otherwise
      // build React's development bundle, and what the end-to-end tests drove depended on who built last.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const dataDir = resolve(args.data);
  const log = createLogger({ name: 'web', dataDir });
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  // The web host's secret sits in a 0600 key file beside the data (weaker than the desktop's OS
  // keystore: whoever reads the folder as this OS user has it); it encrypts the database at rest.
  mkdirSync(dataDir, { recursive: true });
  const secret = loadOrCreateKeyFile(join(dataDir, keyFileName));
  const backend = openBackend({
    secret,
    dataDir,
    assetsDir: join(root, 'assets'),
    version,
    log,
    sampleData: !args['no-sample'],
    warmUpForms: true,
  });
  const app = await createWebHost({ backend, rendererDir: rendererOut, log });
  await app.listen({ host: '127.0.0.1', port: args.port });
  process.stdout.write(`Một Cửa: http://127.0.0.1:${args.port}/ (data: ${dataDir})\n`);

  const stop = async () => {
    await app.close();
    backend.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
