import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The server's configuration, from the environment (README, "Central server"):
 * - PORT (5300), HOST (127.0.0.1; 0.0.0.0 to serve the network);
 * - DATABASE_URL=postgres://… for a PostgreSQL server; otherwise PGlite in `<MOTCUA_SERVER_DATA>/pglite`;
 * - MOTCUA_SERVER_DATA (.data/server): the data folder (PGlite, attachments);
 * - MOTCUA_ATTACHMENTS_DIR (`<data>/attachments`), MOTCUA_MAX_ATTACHMENT_BYTES (200 MB);
 * - MOTCUA_ATTACHMENT_STORE: `fs` (the only store built in; S3 is described in the README);
 * - MOTCUA_ADMIN_TOKEN: enables the admin routes (at least 24 characters);
 * - LOG_LEVEL (info).
 */
export const serverConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(5300),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  MOTCUA_SERVER_DATA: z.string().default(join(resolve(__dirname, '..'), '.data', 'server')),
  MOTCUA_ATTACHMENTS_DIR: z.string().optional(),
  MOTCUA_ATTACHMENT_STORE: z.enum(['fs']).default('fs'),
  MOTCUA_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(200 * 1024 * 1024),
  MOTCUA_ADMIN_TOKEN: z.string().min(24).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const config = serverConfigSchema.safeParse(cleaned);
  if (!config.success) {
    process.stderr.write(`${z.prettifyError(config.error)}\n`);
    process.exit(2);
  }
  return config.data;
}

export const pgliteDir = (config: ServerConfig) => join(config.MOTCUA_SERVER_DATA, 'pglite');
export const attachmentsDir = (config: ServerConfig) =>
  config.MOTCUA_ATTACHMENTS_DIR ?? join(config.MOTCUA_SERVER_DATA, 'attachments');
