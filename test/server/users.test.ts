import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { type ReferenceValue, usersDocumentSchema } from '../../shared/sync/protocol';
import { repoRoot, tempDir } from '../helpers/backend';
import { createTestDatabase } from '../helpers/postgres';
import { ADMIN_TOKEN, addOffices, backends, type Enrolled, enrol, OFFICES, type Setup, startServer } from './fixtures';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PASSWORD = 'mat-khau-trung-tam';

for (const [name, open] of Object.entries(backends)) {
  describe(`users managed centrally on ${name}`, () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await open();
      await migrate(setup.db);
      await addOffices(setup.db);
    }, 120_000);
    afterAll(async () => {
      await setup?.cleanup();
    });

    it('adds users over the admin route (argon2id hash, never returned), refuses bad input, lists and disables', async () => {
      const app = await startServer(setup);
      const created = await app.inject({
        method: 'POST',
        url: '/admin/v1/users',
        headers: admin,
        payload: {
          username: 'CanBo.A1',
          displayName: 'Nguyễn Thị Lan',
          roles: ['counter', 'processing'],
          officeId: OFFICES.a.id,
          password: PASSWORD,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const user = created.json().value as Record<string, unknown>;
      expect(user).toMatchObject({
        username: 'canbo.a1',
        displayName: 'Nguyễn Thị Lan',
        roles: ['counter', 'processing'],
        officeId: OFFICES.a.id,
        active: true,
      });
      expect(created.body).not.toContain('argon2');
      expect(created.body).not.toContain(PASSWORD);
      const [row] = await setup.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
        user.id,
      ]);
      expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verify(row?.password_hash ?? '', PASSWORD)).toBe(true);

      const refusals = [
        { username: 'canbo.a1', displayName: 'x', roles: ['counter'], officeId: OFFICES.a.id, password: PASSWORD },
        { username: 'b2', displayName: 'x', roles: ['counter'], officeId: 'nowhere', password: PASSWORD },
        { username: 'b3', displayName: '<script>', roles: ['counter'], officeId: OFFICES.a.id, password: PASSWORD },
        { username: 'b4', displayName: 'x', roles: ['root'], officeId: OFFICES.a.id, password: PASSWORD },
        { username: 'b5', displayName: 'x', roles: ['counter'], officeId: OFFICES.a.id, password: 'short' },
      ];
      const statuses = [];
      for (const payload of refusals) {
        const res = await app.inject({ method: 'POST', url: '/admin/v1/users', headers: admin, payload });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([409, 404, 400, 400, 400]);
      const noToken = await app.inject({ method: 'GET', url: '/admin/v1/users' });
      expect(noToken.statusCode).toBe(403);
      const dup = await app.inject({
        method: 'POST',
        url: '/admin/v1/users',
        headers: { ...admin, 'accept-language': 'vi' },
        payload: refusals[0],
      });
      expect(dup.json().error.message).toBe('Tên đăng nhập canbo.a1 đã có');

      const listed = await app.inject({
        method: 'GET',
        url: `/admin/v1/users?officeId=${OFFICES.a.id}`,
        headers: admin,
      });
      expect((listed.json().value.users as { username: string }[]).map((u) => u.username)).toEqual(['canbo.a1']);
      expect(listed.body).not.toContain('argon2');

      const disabled = await app.inject({ method: 'POST', url: '/admin/v1/users/canbo.a1/disable', headers: admin });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json().value).toMatchObject({ username: 'canbo.a1', active: false });
      const missing = await app.inject({ method: 'POST', url: '/admin/v1/users/nobody/disable', headers: admin });
      expect(missing.statusCode).toBe(404);
      await app.close();
    });

    it('sends the users of the device office (and only them) with the reference data, again when one changes', async () => {
      const app = await startServer(setup);
      const add = async (username: string, officeId: string, roles: string[]) => {
        const res = await app.inject({
          method: 'POST',
          url: '/admin/v1/users',
          headers: admin,
          payload: { username, displayName: `Cán bộ ${username}`, roles, officeId, password: PASSWORD },
        });
        expect(res.statusCode, res.body).toBe(201);
      };
      await add('canbo.b1', OFFICES.b.id, ['counter']);
      await add('lanhdao.b', OFFICES.b.id, ['supervisor']);
      await add('canbo.c1', OFFICES.c.id, ['processing']);
      const deviceB = await enrol(app, setup.db, OFFICES.b.id);
      const reference = async (since: number): Promise<ReferenceValue> => {
        const res = await app.inject({
          method: 'GET',
          url: `/sync/v1/reference?since=${since}`,
          headers: deviceB.headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json().value as ReferenceValue;
      };
      const first = await reference(0);
      const docs = first.documents.filter((d) => d.kind === 'users');
      expect(docs).toHaveLength(1);
      const doc = usersDocumentSchema.parse(docs[0]?.content);
      expect(doc.officeId).toBe(OFFICES.b.id);
      expect(doc.users.map((u) => u.username)).toEqual(['canbo.b1', 'lanhdao.b']);
      expect(doc.users[0]).toMatchObject({ roles: ['counter'], active: true, officeId: OFFICES.b.id });
      expect(await verify(doc.users[0]?.passwordHash ?? '', PASSWORD)).toBe(true);
      // Documents come oldest first and `version` is the newest sent.
      const versions = first.documents.map((d) => d.version);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
      expect(first.version).toBe(Math.max(...versions));

      // Nothing new: no users document.
      const quiet = await reference(first.version);
      expect(quiet.documents).toEqual([]);

      // A user of another office changing does not concern this device; one of its office does.
      await app.inject({ method: 'POST', url: '/admin/v1/users/canbo.c1/disable', headers: admin });
      expect((await reference(first.version)).documents).toEqual([]);
      await app.inject({ method: 'POST', url: '/admin/v1/users/canbo.b1/disable', headers: admin });
      const after = await reference(first.version);
      expect(after.documents.map((d) => d.kind)).toEqual(['users']);
      const changed = usersDocumentSchema.parse(after.documents[0]?.content);
      expect(changed.users.map((u) => [u.username, u.active])).toEqual([
        ['canbo.b1', false],
        ['lanhdao.b', true],
      ]);
      expect(after.version).toBeGreaterThan(first.version);
      await app.close();
    });

    it('moves a user: the office left gets a new users document without them (empty once none is left), the new one with them', async () => {
      const app = await startServer(setup);
      const deviceB = await enrol(app, setup.db, OFFICES.b.id, 'Quầy 2 xã B');
      const deviceC = await enrol(app, setup.db, OFFICES.c.id, 'Quầy 1 Sở Tư pháp');
      const usersOf = async (device: Enrolled, since: number) => {
        const res = await app.inject({
          method: 'GET',
          url: `/sync/v1/reference?since=${since}`,
          headers: device.headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        const value = res.json().value as ReferenceValue;
        const docs = value.documents.filter((d) => d.kind === 'users');
        return { version: value.version, doc: docs[0] ? usersDocumentSchema.parse(docs[0].content) : null };
      };
      const move = (user: string, officeId: string) =>
        app.inject({
          method: 'POST',
          url: `/admin/v1/users/${user}/move`,
          headers: { ...admin, 'accept-language': 'vi' },
          payload: { officeId },
        });
      const sinceB = (await usersOf(deviceB, 0)).version;
      const sinceC = (await usersOf(deviceC, 0)).version;

      const moved = await move('lanhdao.b', OFFICES.c.id);
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().value).toMatchObject({ username: 'lanhdao.b', officeId: OFFICES.c.id, active: true });
      const leftB = await usersOf(deviceB, sinceB);
      expect(leftB.doc?.users.map((u) => u.username)).toEqual(['canbo.b1']);
      const joinedC = await usersOf(deviceC, sinceC);
      expect(joinedC.doc?.users.map((u) => [u.username, u.officeId])).toEqual([
        ['canbo.c1', OFFICES.c.id],
        ['lanhdao.b', OFFICES.c.id],
      ]);
      expect(await verify(joinedC.doc?.users[1]?.passwordHash ?? '', PASSWORD)).toBe(true);

      // Already there: nothing changes, no new document anywhere.
      expect((await move('lanhdao.b', OFFICES.c.id)).statusCode).toBe(200);
      expect((await usersOf(deviceB, leftB.version)).doc).toBeNull();
      expect((await usersOf(deviceC, joinedC.version)).doc).toBeNull();

      // The last user of office b leaves: b's desktops still get a document, with nobody in it.
      expect((await move('canbo.b1', OFFICES.c.id)).statusCode).toBe(200);
      const emptyB = await usersOf(deviceB, leftB.version);
      expect(emptyB.doc).toEqual({ officeId: OFFICES.b.id, users: [] });
      expect(emptyB.version).toBeGreaterThan(leftB.version);

      const nowhere = await move('lanhdao.b', 'nowhere');
      expect(nowhere.statusCode).toBe(404);
      expect(nowhere.json().error.code).toBe('OFFICE_NOT_FOUND');
      const nobody = await move('nobody', OFFICES.a.id);
      expect(nobody.statusCode).toBe(404);
      expect(nobody.json().error.message).toBe('Không tìm thấy người dùng nobody');
      await app.close();
    });
  });
}

describe('server-admin user commands', () => {
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoRoot, 'server', 'cli', 'admin.ts'), ...args],
      {
        env: { ...process.env, MOTCUA_PASSWORD: '', ...env, DATABASE_URL: env.DATABASE_URL ?? '', MOTCUA_LANG: 'en' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );

  it('user add | list | move | disable on PostgreSQL; the password never on the command line', async () => {
    const database = await createTestDatabase();
    try {
      const env = { DATABASE_URL: database.url };
      expect(run(env, 'office', 'add', '--id', 'xa-a', '--agency', '000.00.06.H56', '--name', 'UBND xã A').status).toBe(
        0,
      );
      const args = ['user', 'add', '--username', 'canbo01', '--name', 'Trần Văn Bình', '--role', 'counter'];
      const noPassword = run(env, ...args, '--office', 'xa-a');
      expect(noPassword.status).toBe(2);
      expect(noPassword.stderr).toContain('MOTCUA_PASSWORD');
      const added = run({ ...env, MOTCUA_PASSWORD: PASSWORD }, ...args, '--role', 'supervisor', '--office', 'xa-a');
      expect(added.status, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({
        username: 'canbo01',
        roles: ['counter', 'supervisor'],
        officeId: 'xa-a',
        active: true,
      });
      expect(added.stdout).not.toContain('argon2');
      const again = run({ ...env, MOTCUA_PASSWORD: PASSWORD }, ...args, '--office', 'xa-a');
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('The user name canbo01 is already taken');
      const badRole = run(
        { ...env, MOTCUA_PASSWORD: PASSWORD },
        'user',
        'add',
        '--username',
        'x1',
        '--name',
        'X',
        '--role',
        'root',
        '--office',
        'xa-a',
      );
      expect(badRole.status).toBe(1);
      const listed = run(env, 'user', 'list', '--office', 'xa-a');
      expect((JSON.parse(listed.stdout) as { username: string }[]).map((u) => u.username)).toEqual(['canbo01']);
      const nowhere = run(env, 'user', 'move', 'canbo01', '--office', 'xa-b');
      expect(nowhere.status).toBe(1);
      expect(nowhere.stderr).toContain('xa-b');
      expect(run(env, 'office', 'add', '--id', 'xa-b', '--agency', '000.00.07.H56', '--name', 'UBND xã B').status).toBe(
        0,
      );
      const moved = run(env, 'user', 'move', 'canbo01', '--office', 'xa-b');
      expect(moved.status, moved.stderr).toBe(0);
      expect(JSON.parse(moved.stdout)).toMatchObject({ username: 'canbo01', officeId: 'xa-b' });
      const disabled = run(env, 'user', 'disable', 'canbo01');
      expect(disabled.status, disabled.stderr).toBe(0);
      expect(JSON.parse(disabled.stdout)).toMatchObject({ username: 'canbo01', active: false });
      const db = await openServerDatabase({ databaseUrl: database.url });
      const rows = await db.query<{ active: boolean; password_hash: string }>(
        'SELECT active, password_hash FROM users',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.active).toBe(false);
      expect(await verify(rows[0]?.password_hash ?? '', PASSWORD)).toBe(true);
      await db.close();
    } finally {
      await database.drop();
    }
  }, 180_000);

  it('works on the embedded PGlite data folder, password from a file', async () => {
    const dir = tempDir();
    try {
      const env = { MOTCUA_SERVER_DATA: dir.dir };
      expect(run(env, 'office', 'add', '--id', 'xa-b', '--agency', '000.00.07.H56', '--name', 'UBND xã B').status).toBe(
        0,
      );
      const file = join(dir.dir, 'pw.txt');
      writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
      const added = run(
        env,
        'user',
        'add',
        '--username',
        'quantri',
        '--name',
        'Quản trị',
        '--role',
        'administrator',
        '--office',
        'xa-b',
        '--password-file',
        file,
      );
      expect(added.status, added.stderr).toBe(0);
      const db = await openServerDatabase({ dataDir: join(dir.dir, 'pglite') });
      const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM users');
      expect(await verify(row?.password_hash ?? '', PASSWORD)).toBe(true);
      await db.close();
    } finally {
      dir.remove();
    }
  }, 180_000);
});
