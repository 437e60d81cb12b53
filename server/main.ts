import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { buildServer } from './app';
import type { AttachmentStore } from './attachments/store';
import { attachmentsDir, pgliteDir, readConfig, s3StoreOptions } from './config';
import { openServerDatabase } from './db/database';

/** `npm run server`: the central server. Configuration: server/config.ts and README "Central server". */
async function main(): Promise<void> {
  const env = readConfig();
  const log = pino({ name: 'motcua-server', level: env.LOG_LEVEL });
  const version = (JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
  const db = await openServerDatabase({ databaseUrl: env.DATABASE_URL, dataDir: pgliteDir(env) });
  // The AWS SDK is loaded only for a bucket: a server on the file store never pays for it.
  const s3 = s3StoreOptions(env);
  let attachmentStore: AttachmentStore | undefined;
  if (s3) {
    attachmentStore = (await import('./attachments/s3-store')).s3AttachmentStore(s3);
    // A bucket not reachable yet does not stop the start: /ready answers 503 until it is.
    await attachmentStore
      .check()
      .catch((error: unknown) => log.warn({ err: error, bucket: s3.bucket }, 'attachment bucket not reachable'));
  }
  const app = await buildServer({
    db,
    log,
    version,
    attachmentsDir: attachmentsDir(env),
    attachmentStore,
    maxAttachmentBytes: env.MOTCUA_MAX_ATTACHMENT_BYTES,
    adminToken: env.MOTCUA_ADMIN_TOKEN,
  });
  await app.listen({ host: env.HOST, port: env.PORT });
  log.info(
    { database: db.kind, attachments: env.MOTCUA_ATTACHMENT_STORE, admin: Boolean(env.MOTCUA_ADMIN_TOKEN) },
    'central server ready',
  );

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
