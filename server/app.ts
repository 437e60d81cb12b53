import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import { MAX_REQUEST_BYTES } from '../shared/sync/protocol';
import { attachmentRoutes } from './attachments/routes';
import { type AttachmentStore, fileAttachmentStore } from './attachments/store';
import type { ServerDatabase } from './db/database';
import { migrate } from './db/migrate';
import { installErrorHandling } from './http/errors';
import { catchUpReportProjection } from './reports/projection';
import { adminRoutes } from './routes/admin';
import { reportRoutes } from './routes/reports';
import { syncRoutes } from './routes/sync';
import { currentCalendar } from './sync/push';

export interface ServerOptions {
  db: ServerDatabase;
  log: pino.Logger;
  version: string;
  /** Attachments folder (content store and unfinished uploads); a fresh temporary folder when absent. */
  attachmentsDir?: string;
  /** The attachment store, closed with the server (default: files under attachmentsDir/store). */
  attachmentStore?: AttachmentStore;
  /** Largest attachment accepted (bytes, default 200 MB). */
  maxAttachmentBytes?: number;
  /** Enables the admin routes (`Authorization: Bearer <token>`). */
  adminToken?: string | undefined;
}

/**
 * The central server. Stateless between requests (all state is in PostgreSQL and the attachment
 * store), so more instances can run behind a load balancer. Migrations run before it answers.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  await migrate(options.db);
  // Dossiers pushed before the reports projection existed (or by an older instance) are folded once.
  const started = Date.now();
  const folded = await catchUpReportProjection(options.db, { calendar: await currentCalendar(options.db) });
  if (folded > 0) options.log.info({ dossiers: folded, ms: Date.now() - started }, 'reports projection caught up');
  const app = Fastify({ loggerInstance: options.log as FastifyBaseLogger, bodyLimit: MAX_REQUEST_BYTES });
  installErrorHandling(app, options.log);

  /** Liveness: the process answers. */
  app.get('/health', async () => ({ status: 'ok', version: options.version }));

  const attachmentsDir = options.attachmentsDir ?? mkdtempSync(join(tmpdir(), 'motcua-attachments-'));
  const uploadDir = join(attachmentsDir, 'uploads');
  mkdirSync(uploadDir, { recursive: true });
  const store = options.attachmentStore ?? fileAttachmentStore(join(attachmentsDir, 'store'));
  app.addHook('onClose', async () => store.close());

  /**
   * Readiness: the database and the attachment store (the bucket, with S3) answer too; a load
   * balancer sends traffic only when this is 200.
   */
  app.get('/ready', async (_request, reply) => {
    const probe = async (name: 'database' | 'attachments', check: () => Promise<unknown>) => {
      try {
        await check();
        return null;
      } catch (error) {
        options.log.warn({ err: error }, `${name} not ready`);
        return name;
      }
    };
    const unreachable = (
      await Promise.all([
        probe('database', () => options.db.query('SELECT 1 AS one')),
        probe('attachments', () => store.check()),
      ])
    ).filter((name) => name !== null);
    const kinds = { database: options.db.kind, attachments: store.kind };
    if (unreachable.length === 0) return { status: 'ready', ...kinds };
    return reply.code(503).send({ status: 'unavailable', ...kinds, unreachable });
  });

  await attachmentRoutes(app, {
    db: options.db,
    log: options.log,
    store,
    uploadDir,
    maxBytes: options.maxAttachmentBytes ?? 200 * 1024 * 1024,
  });
  await syncRoutes(app, { db: options.db });
  await reportRoutes(app, { db: options.db });
  await adminRoutes(app, { db: options.db, adminToken: options.adminToken });
  return app;
}
