import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userByName } from '../../../electron/backend/accounts/repository';
import { addUser, disableUser, moveUser } from '../../../server/accounts/users';
import { addTestUser, TEST_PASSWORD } from '../../helpers/backend';
import {
  backends,
  type Desktop,
  enrolDesktop,
  OFFICES,
  openDesktop,
  receive,
  startTestServer,
  type TestServer,
} from './support';

const CENTRAL_PASSWORD = 'mat-khau-trung-tam';

for (const kind of Object.keys(backends) as (keyof typeof backends)[]) {
  describe(`users managed on the server reach the desktop with the reference data (${kind})`, () => {
    let server: TestServer;
    let desk: Desktop;

    beforeAll(async () => {
      server = await startTestServer(kind);
      desk = openDesktop(OFFICES.a.id, { name: 'a' });
    }, 120_000);
    afterAll(async () => {
      desk?.dispose();
      await server?.close();
    });

    const signIn = (username: string, password: string) =>
      desk.call('accounts.signIn', { username, password }, { language: 'en', session: null });

    it('applies the users of the office (hashes, roles, active), keeps local-only users, disables what the server disables', async () => {
      // Before enrolment: the first administrator and a local counter officer, created on this desktop.
      const localAdmin = addTestUser(desk, 'quantri', ['administrator']);
      const localOfficer = addTestUser(desk, 'canbo.local', ['counter']);
      // The server knows the same administrator by name, and two officers of office a (one of office b).
      await addUser(server.setup.db, {
        username: 'quantri',
        displayName: 'Quản trị tỉnh',
        roles: ['administrator', 'supervisor'],
        officeId: OFFICES.a.id,
        password: CENTRAL_PASSWORD,
      });
      const officer = await addUser(server.setup.db, {
        username: 'canbo.a1',
        displayName: 'Nguyễn Thị Lan',
        roles: ['counter'],
        officeId: OFFICES.a.id,
        password: CENTRAL_PASSWORD,
      });
      await addUser(server.setup.db, {
        username: 'canbo.b1',
        displayName: 'Lê Văn B',
        roles: ['counter'],
        officeId: OFFICES.b.id,
        password: CENTRAL_PASSWORD,
      });

      await enrolDesktop(server, desk);
      const report = await desk.sync.syncNow();
      expect(report?.references).toBeGreaterThanOrEqual(1);

      const a1 = userByName(desk.db, 'canbo.a1');
      expect(a1).toMatchObject({ id: officer.id, display_name: 'Nguyễn Thị Lan', office_id: OFFICES.a.id, active: 1 });
      expect(JSON.parse(a1?.roles ?? '[]')).toEqual(['counter']);
      expect(userByName(desk.db, 'canbo.b1')).toBeUndefined();
      // The local administrator of the same name is adopted: same local id, the server's roles and password.
      const admin = userByName(desk.db, 'quantri');
      expect(admin?.id).toBe(localAdmin);
      expect(JSON.parse(admin?.roles ?? '[]')).toEqual(['administrator', 'supervisor']);
      // The local-only officer stays as created.
      expect(userByName(desk.db, 'canbo.local')).toMatchObject({ id: localOfficer, active: 1 });

      // Sign-in is local (the hashes came down): the central password works, the old local one does not.
      const signedIn = await signIn('canbo.a1', CENTRAL_PASSWORD);
      expect(signedIn.ok, JSON.stringify(signedIn)).toBe(true);
      if (signedIn.ok) expect(signedIn.value).toMatchObject({ user: { username: 'canbo.a1', roles: ['counter'] } });
      expect((await signIn('quantri', TEST_PASSWORD)).ok).toBe(false);
      expect((await signIn('quantri', CENTRAL_PASSWORD)).ok).toBe(true);
      expect((await signIn('canbo.local', TEST_PASSWORD)).ok).toBe(true);

      // The Users tab shows which users the server manages.
      const session = desk.accounts.openSessionFor(localAdmin);
      const listed = await desk.call('users.list', {}, { language: 'en', session });
      expect(listed.ok).toBe(true);
      const users = listed.ok ? (listed.value as { username: string; central: boolean }[]) : [];
      expect(users.map((u) => [u.username, u.central])).toEqual([
        ['canbo.a1', true],
        ['canbo.local', false],
        ['quantri', true],
      ]);

      // A centrally managed account is not edited here (the next sync would undo it) but can be unlocked.
      const edit = await desk.call(
        'users.save',
        { id: officer.id, username: 'canbo.a1', displayName: 'Khác', roles: ['counter'], officeId: OFFICES.a.id },
        { language: 'en', session },
      );
      expect(edit.ok).toBe(false);
      if (!edit.ok) expect(edit.error.code).toBe('USER_MANAGED_CENTRALLY');
      for (let i = 0; i < 5; i++) await signIn('canbo.a1', 'sai-mat-khau');
      const locked = await signIn('canbo.a1', CENTRAL_PASSWORD);
      expect(locked.ok ? null : locked.error.code).toBe('ACCOUNT_LOCKED');
      const relisted = await desk.call('users.list', {}, { language: 'en', session });
      const row = (relisted.ok ? (relisted.value as { id: string; lockedUntil: string | null }[]) : []).find(
        (u) => u.id === officer.id,
      );
      expect(row?.lockedUntil).not.toBeNull();
      const unlocked = await desk.call('users.unlock', { id: officer.id }, { language: 'en', session });
      expect(unlocked.ok && (unlocked.value as { lockedUntil: string | null }).lockedUntil).toBeNull();
      expect((await signIn('canbo.a1', CENTRAL_PASSWORD)).ok).toBe(true);
      const officerSession = desk.accounts.openSessionFor(officer.id);
      const forbidden = await desk.call(
        'users.unlock',
        { id: officer.id },
        { language: 'en', session: officerSession },
      );
      expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN_ROLE');
    });

    it('a user disabled on the server is disabled here at the next sync, and their session ends', async () => {
      const token = desk.accounts.openSessionFor(userByName(desk.db, 'canbo.a1')?.id ?? '');
      expect(desk.accounts.principal(token)).not.toBeNull();
      await disableUser(server.setup.db, 'canbo.a1');
      await desk.sync.syncNow();
      expect(userByName(desk.db, 'canbo.a1')?.active).toBe(0);
      expect(desk.accounts.principal(token)).toBeNull();
      const refused = await signIn('canbo.a1', CENTRAL_PASSWORD);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe('ACCOUNT_DISABLED');
      // The others are untouched.
      expect(userByName(desk.db, 'quantri')?.active).toBe(1);
      expect(userByName(desk.db, 'canbo.local')?.active).toBe(1);
    });

    it('a user moved to another office can no longer sign in at the old office, keeps their history there, and signs in at the new one', async () => {
      const moving = await addUser(server.setup.db, {
        username: 'canbo.a2',
        displayName: 'Phạm Văn Chuyển',
        roles: ['counter'],
        officeId: OFFICES.a.id,
        password: CENTRAL_PASSWORD,
      });
      await desk.sync.syncNow();
      const before = await signIn('canbo.a2', CENTRAL_PASSWORD);
      expect(before.ok, JSON.stringify(before)).toBe(true);
      // What they did at office a names them: an event they signed, the audit entry of their sign-in.
      const dossierId = receive(desk, 'Nguyễn Thị Mai');
      desk.dossiers.append(
        { dossierId, type: 'withdrawn', payload: {} },
        { userId: moving.id, officeId: OFFICES.a.id },
      );
      const session = desk.accounts.openSessionFor(moving.id);

      await moveUser(server.setup.db, 'canbo.a2', OFFICES.b.id);
      const report = await desk.sync.syncNow();
      expect(report?.references).toBeGreaterThanOrEqual(1);

      // Office a: refused, with the right password, by a message that says why, in either language;
      // the open session ends.
      for (const [language, message] of [
        [
          'vi',
          'Tài khoản của anh/chị trên máy này đã bị vô hiệu hóa (có thể do anh/chị đã được điều chuyển sang đơn vị khác). Vui lòng liên hệ quản trị viên.',
        ],
        [
          'en',
          'Your account on this computer has been disabled (perhaps because you were moved to another office). Please contact the administrator.',
        ],
      ] as const) {
        const refused = await desk.call(
          'accounts.signIn',
          { username: 'canbo.a2', password: CENTRAL_PASSWORD },
          { language, session: null },
        );
        expect(refused.ok).toBe(false);
        if (!refused.ok) expect(refused.error).toMatchObject({ code: 'ACCOUNT_DISABLED', message });
      }
      expect(desk.accounts.principal(session)).toBeNull();
      // The account is kept, disabled (its id still names what they did here), and still managed centrally.
      expect(userByName(desk.db, 'canbo.a2')).toMatchObject({
        id: moving.id,
        active: 0,
        display_name: 'Phạm Văn Chuyển',
      });
      expect(desk.db.get('SELECT 1 AS x FROM audit_log WHERE user_id = ? AND kind = ?', moving.id, 'sign-in')).toEqual({
        x: 1,
      });
      expect(desk.db.get('SELECT type FROM event WHERE user_id = ?', moving.id)).toEqual({ type: 'withdrawn' });
      // The local-only officer and the adopted administrator are untouched.
      expect((await signIn('canbo.local', TEST_PASSWORD)).ok).toBe(true);
      expect((await signIn('quantri', CENTRAL_PASSWORD)).ok).toBe(true);

      // Office b's desktop receives them and signs them in with the same password.
      const deskB = openDesktop(OFFICES.b.id, { name: 'b' });
      try {
        await enrolDesktop(server, deskB);
        await deskB.sync.syncNow();
        expect(userByName(deskB.db, 'canbo.a2')).toMatchObject({ id: moving.id, office_id: OFFICES.b.id, active: 1 });
        const atB = await deskB.call(
          'accounts.signIn',
          { username: 'canbo.a2', password: CENTRAL_PASSWORD },
          { language: 'vi', session: null },
        );
        expect(atB.ok, JSON.stringify(atB)).toBe(true);
      } finally {
        deskB.dispose();
      }

      // Moved back to office a: enabled there again at the next sync.
      await moveUser(server.setup.db, moving.id, OFFICES.a.id);
      await desk.sync.syncNow();
      expect((await signIn('canbo.a2', CENTRAL_PASSWORD)).ok).toBe(true);
    });
  });
}
