import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import type { ServerDatabase } from './db/database';

export interface ServerOptions {
  db: ServerDatabase;
  log: pino.Logger;
  version: string;
}

/**
 * The central server. Stateless between requests (all state is in PostgreSQL), so more instances can
 * run behind a load balancer.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: options.log as FastifyBaseLogger, bodyLimit: 6 * 1024 * 1024 });

  /** Liveness: the process answers. */
  app.get('/health', async () => ({ status: 'ok', version: options.version }));

  /** Readiness: the database answers too; a load balancer sends traffic only when this is 200. */
  app.get('/ready', async (_request, reply) => {
    try {
      await options.db.query('SELECT 1 AS one');
      return { status: 'ready', database: options.db.kind };
    } catch (error) {
      options.log.warn({ err: error }, 'database not ready');
      return reply.code(503).send({ status: 'unavailable', database: options.db.kind });
    }
  });
  return app;
}
