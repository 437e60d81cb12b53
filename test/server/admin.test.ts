import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { openServerDatabase } from '../../server/db/database';
import { repoRoot, silentLog, tempDir } from '../helpers/backend';
import { createTestDatabase } from '../helpers/postgres';
import { ADMIN_TOKEN, backends, type Setup, startServer } from './fixtures';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

for (const [name, open] of Object.entries(backends)) {
  describe(`admin routes on ${name}`, () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await open();
    }, 120_000);
    afterAll(async () => {
      await setup.cleanup();
    });

    it('creates offices, issues a code a desktop enrols with, lists and revokes devices', async () => {
      const app = await startServer(setup);
      const created = await app.inject({
        method: 'POST',
        url: '/admin/v1/offices',
        headers: admin,
        payload: { id: 'xa-a', agencyId: '000.00.06.h56', name: 'UBND xã A', level: 'commune' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().value).toMatchObject({ id: 'xa-a', agencyId: '000.00.06.H56' });
      const dup = await app.inject({
        method: 'POST',
        url: '/admin/v1/offices',
        headers: admin,
        payload: { id: 'xa-a', agencyId: '000.00.06.H56', name: 'x' },
      });
      expect(dup.statusCode).toBe(409);
      const badAgency = await app.inject({
        method: 'POST',
        url: '/admin/v1/offices',
        headers: admin,
        payload: { id: 'x', agencyId: 'H56', name: 'x' },
      });
      expect(badAgency.statusCode).toBe(400);
      const code = await app.inject({
        method: 'POST',
        url: '/admin/v1/offices/xa-a/enrolment-codes',
        headers: admin,
        payload: {},
      });
      expect(code.statusCode).toBe(201);
      const enrolled = await app.inject({
        method: 'POST',
        url: '/sync/v1/enrol',
        payload: { code: code.json().value.code, deviceName: 'Quầy 1' },
      });
      expect(enrolled.statusCode).toBe(200);
      const deviceId = enrolled.json().value.deviceId as string;
      const devices = await app.inject({ method: 'GET', url: '/admin/v1/devices?officeId=xa-a', headers: admin });
      expect(devices.json().value.devices.map((d: { id: string }) => d.id)).toEqual([deviceId]);
      const revoked = await app.inject({
        method: 'POST',
        url: `/admin/v1/devices/${deviceId}/revoke`,
        headers: admin,
        payload: { reason: 'Mất máy' },
      });
      expect(revoked.json().value.revokedReason).toBe('Mất máy');
      const refused = await app.inject({
        method: 'GET',
        url: '/sync/v1/pull',
        headers: { authorization: `Bearer ${enrolled.json().value.token}` },
      });
      expect(refused.json().error.code).toBe('DEVICE_REVOKED');
      const wrong = await app.inject({
        method: 'GET',
        url: '/admin/v1/offices',
        headers: { authorization: 'Bearer not-the-token' },
      });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe('ADMIN_FORBIDDEN');
      // A device token is not an admin token.
      const asDevice = await app.inject({
        method: 'GET',
        url: '/admin/v1/offices',
        headers: { authorization: `Bearer ${enrolled.json().value.token}` },
      });
      expect(asDevice.statusCode).toBe(403);
      await app.close();
      const closed = await buildServer({
        db: setup.db,
        log: silentLog,
        version: 't',
        attachmentsDir: join(setup.dir, 'a2'),
      });
      const disabled = await closed.inject({ method: 'GET', url: '/admin/v1/offices', headers: admin });
      expect(disabled.statusCode).toBe(403);
      expect(disabled.json().error.code).toBe('ADMIN_DISABLED');
      await closed.close();
    });
  });
}

describe('server-admin command line', () => {
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoRoot, 'server', 'cli', 'admin.ts'), ...args],
      {
        env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '', MOTCUA_LANG: 'en' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );

  it('adds offices and prints a one-time enrolment code a desktop can use (PostgreSQL)', async () => {
    const database = await createTestDatabase();
    const dir = tempDir();
    try {
      const env = { DATABASE_URL: database.url };
      const added = run(
        env,
        'office',
        'add',
        '--id',
        'xa-a',
        '--agency',
        '000.00.06.H56',
        '--name',
        'UBND xã A',
        '--level',
        'commune',
      );
      expect(added.status, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ id: 'xa-a', agencyId: '000.00.06.H56', level: 'commune' });
      const again = run(env, 'office', 'add', '--id', 'xa-a', '--agency', '000.00.06.H56', '--name', 'x');
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('Office xa-a already exists');
      const usage = run(env, 'office', 'add', '--id', 'x');
      expect(usage.status).toBe(2);
      const unknown = run(env, 'enrol-code', '--office', 'nowhere');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('Office nowhere not found');
      const issued = run(env, 'enrol-code', '--office', 'xa-a');
      expect(issued.status, issued.stderr).toBe(0);
      const code = issued.stdout.trim();
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const db = await openServerDatabase({ databaseUrl: database.url });
      const app = await buildServer({ db, log: silentLog, version: 't', attachmentsDir: dir.dir });
      const enrolled = await app.inject({
        method: 'POST',
        url: '/sync/v1/enrol',
        payload: { code, deviceName: 'Quầy 1' },
      });
      expect(enrolled.statusCode).toBe(200);
      expect(enrolled.json().value.office.id).toBe('xa-a');
      await app.close();
      await db.close();
      const listed = run(env, 'device', 'list');
      expect(JSON.parse(listed.stdout)).toHaveLength(1);
    } finally {
      await database.drop();
      dir.remove();
    }
  }, 180_000);

  it('works on the embedded PGlite data folder', async () => {
    const dir = tempDir();
    try {
      const env = { MOTCUA_SERVER_DATA: dir.dir };
      const added = run(env, 'office', 'add', '--id', 'xa-b', '--agency', '000.00.07.H56', '--name', 'UBND xã B');
      expect(added.status, added.stderr).toBe(0);
      const issued = run(env, 'enrol-code', '--office', 'xa-b', '--ttl-hours', '2');
      expect(issued.status, issued.stderr).toBe(0);
      const db = await openServerDatabase({ dataDir: join(dir.dir, 'pglite') });
      const rows = await db.query<{ office_id: string }>('SELECT office_id FROM enrolment_codes');
      expect(rows).toEqual([{ office_id: 'xa-b' }]);
      await db.close();
    } finally {
      dir.remove();
    }
  }, 180_000);
});
