import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { s3StoreOptions, serverConfigSchema } from '../../server/config';
import { repoRoot, tempDir } from '../helpers/backend';
import { createTestDatabase } from '../helpers/postgres';
import { startTestS3 } from '../helpers/s3';
import { freePort } from '../helpers/webhost';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const serverMain = join(repoRoot, 'server', 'main.ts');

/** The problems zod finds, as `VARIABLE: message`. */
function problems(env: Record<string, string>): string[] {
  const parsed = serverConfigSchema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const bucket = {
  MOTCUA_ATTACHMENT_STORE: 's3',
  MOTCUA_S3_BUCKET: 'motcua-tep-dinh-kem',
  MOTCUA_S3_ENDPOINT: 'https://s3.example.vn',
  MOTCUA_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  MOTCUA_S3_SECRET_ACCESS_KEY: 'bi-mat',
};

describe('attachment store configuration', () => {
  it('uses the file store when nothing is said', () => {
    const config = serverConfigSchema.parse({});
    expect(config.MOTCUA_ATTACHMENT_STORE).toBe('fs');
    expect(s3StoreOptions(config)).toBeNull();
  });

  it('reads a bucket: path style by default with an endpoint, virtual-hosted for AWS itself', () => {
    expect(s3StoreOptions(serverConfigSchema.parse({ ...bucket, MOTCUA_S3_PREFIX: 'motcua/' }))).toEqual({
      bucket: 'motcua-tep-dinh-kem',
      region: 'us-east-1',
      endpoint: 'https://s3.example.vn',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'bi-mat' },
      prefix: 'motcua/',
    });
    const aws = s3StoreOptions(
      serverConfigSchema.parse({
        MOTCUA_ATTACHMENT_STORE: 's3',
        MOTCUA_S3_BUCKET: 'b',
        MOTCUA_S3_REGION: 'ap-southeast-1',
      }),
    );
    expect(aws).toMatchObject({ region: 'ap-southeast-1', forcePathStyle: false, credentials: undefined, prefix: '' });
    expect(aws?.endpoint).toBeUndefined();
    const hosted = serverConfigSchema.parse({ ...bucket, MOTCUA_S3_FORCE_PATH_STYLE: 'false' });
    expect(s3StoreOptions(hosted)?.forcePathStyle).toBe(false);
  });

  it('refuses a half-configured bucket, naming the variable', () => {
    expect(problems({ MOTCUA_ATTACHMENT_STORE: 's3' })).toEqual([
      'MOTCUA_S3_BUCKET: required with MOTCUA_ATTACHMENT_STORE=s3',
    ]);
    expect(problems({ MOTCUA_S3_BUCKET: 'b', MOTCUA_S3_REGION: 'hn-1' })).toEqual([
      'MOTCUA_ATTACHMENT_STORE: MOTCUA_S3_BUCKET, MOTCUA_S3_REGION set but the store is fs: set MOTCUA_ATTACHMENT_STORE=s3 to use the bucket, or unset them',
    ]);
    const { MOTCUA_S3_SECRET_ACCESS_KEY: _, ...keyOnly } = bucket;
    expect(problems(keyOnly)).toEqual([
      'MOTCUA_S3_SECRET_ACCESS_KEY: MOTCUA_S3_ACCESS_KEY_ID and MOTCUA_S3_SECRET_ACCESS_KEY go together (or neither: the AWS default chain)',
    ]);
    expect(problems({ ...bucket, MOTCUA_S3_ENDPOINT: 'ftp://s3.example.vn' }).map((p) => p.split(':')[0])).toEqual([
      'MOTCUA_S3_ENDPOINT',
    ]);
    expect(problems({ ...bucket, MOTCUA_S3_PREFIX: '/motcua' }).map((p) => p.split(':')[0])).toEqual([
      'MOTCUA_S3_PREFIX',
    ]);
  });

  it('stops the server at start with the reason when the bucket is half configured', () => {
    const dir = tempDir();
    try {
      const run = spawnSync(process.execPath, [tsx, serverMain], {
        env: { ...process.env, MOTCUA_SERVER_DATA: dir.dir, MOTCUA_ATTACHMENT_STORE: 's3', DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('MOTCUA_S3_BUCKET');
      expect(run.stderr).toContain('required with MOTCUA_ATTACHMENT_STORE=s3');
    } finally {
      dir.remove();
    }
  });

  it('starts `npm run server` on a bucket and reports it ready', async () => {
    const s3 = await startTestS3();
    const database = await createTestDatabase();
    const dir = tempDir();
    const port = await freePort();
    const server = spawn(process.execPath, [tsx, serverMain], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: database.url,
        MOTCUA_SERVER_DATA: dir.dir,
        LOG_LEVEL: 'info',
        MOTCUA_ATTACHMENT_STORE: 's3',
        MOTCUA_S3_BUCKET: s3.options.bucket,
        MOTCUA_S3_ENDPOINT: s3.options.endpoint,
        MOTCUA_S3_ACCESS_KEY_ID: s3.options.credentials?.accessKeyId,
        MOTCUA_S3_SECRET_ACCESS_KEY: s3.options.credentials?.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('"msg":"central server ready"')) resolve();
        });
        server.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        server.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
      });
      expect(output).not.toContain('attachment bucket not reachable');
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'postgres', attachments: 's3' });
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('close', resolve));
      await s3.close();
      await database.drop();
      dir.remove();
    }
  });
});
