import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { buildServer } from './app';
import { openServerDatabase } from './db/database';

/**
 * `npm run server`: the central server. Configuration (environment):
 * - PORT (default 5300), HOST (default 127.0.0.1; 0.0.0.0 to serve the network);
 * - DATABASE_URL=postgres://… to use a PostgreSQL server; otherwise PGlite in MOTCUA_SERVER_DATA
 *   (default .data/server);
 * - LOG_LEVEL (default info). Logs are JSON lines on stdout (pino).
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(5300),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  MOTCUA_SERVER_DATA: z.string().default(join(resolve(__dirname, '..'), '.data', 'server')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

async function main(): Promise<void> {
  const config = configSchema.safeParse(process.env);
  if (!config.success) {
    process.stderr.write(`${z.prettifyError(config.error)}\n`);
    process.exit(2);
  }
  const env = config.data;
  const log = pino({ name: 'motcua-server', level: env.LOG_LEVEL });
  const version = (JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
  const db = await openServerDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.MOTCUA_SERVER_DATA });
  const app = await buildServer({ db, log, version });
  await app.listen({ host: env.HOST, port: env.PORT });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void main();
