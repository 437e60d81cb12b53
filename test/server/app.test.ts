import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { openServerDatabase, type ServerDatabase } from '../../server/db/database';
import { silentLog, tempDir } from '../helpers/backend';
import { createTestDatabase } from '../helpers/postgres';

type Setup = { db: ServerDatabase; cleanup: () => Promise<void> };

const backends: Record<string, () => Promise<Setup>> = {
  PGlite: async () => {
    const dir = tempDir();
    const db = await openServerDatabase({ dataDir: dir.dir });
    return { db, cleanup: async () => dir.remove() };
  },
  PostgreSQL: async () => {
    const database = await createTestDatabase();
    const db = await openServerDatabase({ databaseUrl: database.url });
    return { db, cleanup: database.drop };
  },
};

for (const [name, open] of Object.entries(backends)) {
  describe(`the central server on ${name}`, () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await open();
    }, 120_000);
    afterAll(async () => {
      await setup.cleanup();
    });

    it('answers health and readiness', async () => {
      const app = await buildServer({ db: setup.db, log: silentLog, version: '1.2.3' });
      const health = await app.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toEqual({ status: 'ok', version: '1.2.3' });
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({
        status: 'ready',
        database: name === 'PGlite' ? 'pglite' : 'postgres',
        attachments: 'fs',
      });
      await app.close();
    });

    it('reports not ready once the database is gone', async () => {
      const app = await buildServer({ db: setup.db, log: silentLog, version: '1' });
      await setup.db.close();
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', unreachable: ['database'] });
      await app.close();
    });
  });
}
