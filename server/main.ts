import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { buildServer } from './app';
import { attachmentsDir, pgliteDir, readConfig } from './config';
import { openServerDatabase } from './db/database';

/** `npm run server`: the central server. Configuration: server/config.ts and README "Central server". */
async function main(): Promise<void> {
  const env = readConfig();
  const log = pino({ name: 'motcua-server', level: env.LOG_LEVEL });
  const version = (JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
  const db = await openServerDatabase({ databaseUrl: env.DATABASE_URL, dataDir: pgliteDir(env) });
  const app = await buildServer({
    db,
    log,
    version,
    attachmentsDir: attachmentsDir(env),
    maxAttachmentBytes: env.MOTCUA_MAX_ATTACHMENT_BYTES,
    adminToken: env.MOTCUA_ADMIN_TOKEN,
  });
  await app.listen({ host: env.HOST, port: env.PORT });
  log.info({ database: db.kind, admin: Boolean(env.MOTCUA_ADMIN_TOKEN) }, 'central server ready');

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
