import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { S3StoreOptions } from './attachments/s3-store';

/** Settings of the S3 store: any of them with MOTCUA_ATTACHMENT_STORE=fs is a mistake. */
const S3_VARIABLES = [
  'MOTCUA_S3_ENDPOINT',
  'MOTCUA_S3_BUCKET',
  'MOTCUA_S3_REGION',
  'MOTCUA_S3_ACCESS_KEY_ID',
  'MOTCUA_S3_SECRET_ACCESS_KEY',
  'MOTCUA_S3_FORCE_PATH_STYLE',
  'MOTCUA_S3_PREFIX',
] as const;

/**
 * The server's configuration, from the environment (README, "Central server"):
 * - PORT (5300), HOST (127.0.0.1; 0.0.0.0 to serve the network);
 * - DATABASE_URL=postgres://… for a PostgreSQL server; otherwise PGlite in `<MOTCUA_SERVER_DATA>/pglite`;
 * - MOTCUA_SERVER_DATA (.data/server): the data folder (PGlite, attachments);
 * - MOTCUA_ATTACHMENTS_DIR (`<data>/attachments`), MOTCUA_MAX_ATTACHMENT_BYTES (200 MB);
 * - MOTCUA_ATTACHMENT_STORE: `fs` (files under the attachments folder) or `s3` (a bucket: MOTCUA_S3_BUCKET,
 *   MOTCUA_S3_ENDPOINT, MOTCUA_S3_REGION, MOTCUA_S3_ACCESS_KEY_ID with MOTCUA_S3_SECRET_ACCESS_KEY,
 *   MOTCUA_S3_FORCE_PATH_STYLE, MOTCUA_S3_PREFIX);
 * - MOTCUA_ADMIN_TOKEN: enables the admin routes (at least 24 characters);
 * - LOG_LEVEL (info).
 */
export const serverConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(5300),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: z.string().url().optional(),
    MOTCUA_SERVER_DATA: z.string().default(join(resolve(__dirname, '..'), '.data', 'server')),
    MOTCUA_ATTACHMENTS_DIR: z.string().optional(),
    MOTCUA_ATTACHMENT_STORE: z.enum(['fs', 's3']).default('fs'),
    MOTCUA_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    MOTCUA_S3_BUCKET: z.string().optional(),
    MOTCUA_S3_REGION: z.string().optional(),
    MOTCUA_S3_ACCESS_KEY_ID: z.string().optional(),
    MOTCUA_S3_SECRET_ACCESS_KEY: z.string().optional(),
    MOTCUA_S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0']).optional(),
    MOTCUA_S3_PREFIX: z
      .string()
      .regex(/^[^/].*\/$/, 'a key prefix ends with / and does not start with it (attachments/)')
      .optional(),
    MOTCUA_MAX_ATTACHMENT_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(200 * 1024 * 1024),
    MOTCUA_ADMIN_TOKEN: z.string().min(24).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((config, ctx) => {
    // A half-configured bucket is refused at start rather than silently storing files elsewhere.
    const set = S3_VARIABLES.filter((name) => config[name] !== undefined);
    if (config.MOTCUA_ATTACHMENT_STORE === 'fs' && set.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['MOTCUA_ATTACHMENT_STORE'],
        message: `${set.join(', ')} set but the store is fs: set MOTCUA_ATTACHMENT_STORE=s3 to use the bucket, or unset them`,
      });
    if (config.MOTCUA_ATTACHMENT_STORE === 's3' && !config.MOTCUA_S3_BUCKET)
      ctx.addIssue({
        code: 'custom',
        path: ['MOTCUA_S3_BUCKET'],
        message: 'required with MOTCUA_ATTACHMENT_STORE=s3',
      });
    if ((config.MOTCUA_S3_ACCESS_KEY_ID === undefined) !== (config.MOTCUA_S3_SECRET_ACCESS_KEY === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [
          config.MOTCUA_S3_ACCESS_KEY_ID === undefined ? 'MOTCUA_S3_ACCESS_KEY_ID' : 'MOTCUA_S3_SECRET_ACCESS_KEY',
        ],
        message:
          'MOTCUA_S3_ACCESS_KEY_ID and MOTCUA_S3_SECRET_ACCESS_KEY go together (or neither: the AWS default chain)',
      });
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

/** The bucket's settings when MOTCUA_ATTACHMENT_STORE=s3, else null (files under the attachments folder). */
export function s3StoreOptions(config: ServerConfig): S3StoreOptions | null {
  if (config.MOTCUA_ATTACHMENT_STORE !== 's3' || !config.MOTCUA_S3_BUCKET) return null;
  const { MOTCUA_S3_ACCESS_KEY_ID: accessKeyId, MOTCUA_S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  const pathStyle = config.MOTCUA_S3_FORCE_PATH_STYLE;
  return {
    bucket: config.MOTCUA_S3_BUCKET,
    region: config.MOTCUA_S3_REGION ?? 'us-east-1',
    endpoint: config.MOTCUA_S3_ENDPOINT,
    // Self-hosted services rarely have a DNS name per bucket; AWS itself wants virtual-hosted style.
    forcePathStyle:
      pathStyle === undefined ? config.MOTCUA_S3_ENDPOINT !== undefined : pathStyle === 'true' || pathStyle === '1',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    prefix: config.MOTCUA_S3_PREFIX ?? '',
  };
}
