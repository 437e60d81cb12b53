import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot } from './backend';

/**
 * The real PostgreSQL the server tests run against: TEST_DATABASE_URL, or the machine's server on
 * 127.0.0.1:5432 (database `test`), which .ci/setup starts. Each test suite gets a database of its own
 * so suites do not see each other's rows.
 */
export const adminUrl = process.env.TEST_DATABASE_URL ?? ciDatabaseUrl() ?? 'postgres://postgres@127.0.0.1:5432/test';

/** .ci/setup writes the URL here when it had to create the cluster (with a password). */
function ciDatabaseUrl(): string | undefined {
  const file = join(repoRoot, '.ci', '.env');
  if (!existsSync(file)) return undefined;
  return /^TEST_DATABASE_URL=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `motcua_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
