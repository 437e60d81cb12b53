import { afterAll, describe, expect, it } from 'vitest';
import { authorize, callPolicy } from '../../../shared/accounts/policy';
import { ROLES, type Role } from '../../../shared/accounts/roles';
import { callNames } from '../../../shared/contract/calls';
import { addTestUser, openTestBackend } from '../../helpers/backend';

describe('the call → roles policy', () => {
  it('has an entry for every call of the contract', () => {
    const missing = callNames.filter((name) => !Object.hasOwn(callPolicy, name));
    expect(missing, `calls without a policy entry: ${missing.join(', ')}`).toEqual([]);
  });

  it('refuses a call missing from the table, whoever asks (secure by default)', () => {
    expect(authorize('reports.secret', { roles: ROLES, locked: false })).toBe('CALL_NOT_ALLOWED');
    expect(authorize('__proto__', { roles: ROLES, locked: false })).toBe('CALL_NOT_ALLOWED');
  });

  it('lists exactly the public calls that work before sign-in', () => {
    const open = callNames.filter((name) => authorize(name, null) === null);
    expect(open.sort()).toEqual(['accounts.setup', 'accounts.signIn', 'accounts.status', 'app.info']);
  });
});

/** Every call refused to a role, through the real back end, before its handler or its input check runs. */
describe('role × call refusals through the back end', () => {
  const backend = openTestBackend({ user: false });
  afterAll(() => backend.dispose());
  const sessions = new Map<Role, string>();
  for (const role of ROLES) {
    const id = addTestUser(backend, `chi-${role}`, [role]);
    sessions.set(role, backend.accounts.openSessionFor(id));
  }
  const counts = () =>
    backend.db.get<{ events: number; users: number; offices: number }>(
      `SELECT (SELECT COUNT(*) FROM event) AS events, (SELECT COUNT(*) FROM app_user) AS users,
              (SELECT COUNT(*) FROM office) AS offices`,
    );

  const refusals = callNames.flatMap((name) => {
    const access = callPolicy[name];
    if (!Array.isArray(access)) return [];
    return ROLES.filter((role) => !access.includes(role)).map((role) => [name, role] as const);
  });

  it('has refusals to test (the table is not all open)', () => {
    expect(refusals.length).toBeGreaterThan(40);
  });

  it.each(refusals)('%s is refused to a user who is only %s', async (name, role) => {
    const before = counts();
    // An input that would pass validation for no call: the refusal must come first, not VALIDATION_FAILED.
    const result = await backend.call(name, { bogus: true }, { language: 'en', session: sessions.get(role) });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    expect(counts()).toEqual(before);
  });

  it('refuses every non-public call to a caller without a session, and to a locked session', async () => {
    const id = addTestUser(backend, 'khoa-man-hinh', ROLES);
    const locked = backend.accounts.openSessionFor(id);
    backend.accounts.lock(locked);
    for (const name of callNames) {
      const access = callPolicy[name];
      if (access === 'public') continue;
      const anonymous = await backend.call(name, {}, { language: 'vi', session: null });
      expect(anonymous.ok ? 'ok' : anonymous.error.code, name).toBe('SIGN_IN_REQUIRED');
      if (access === 'locked') continue;
      const whileLocked = await backend.call(name, {}, { language: 'vi', session: locked });
      expect(whileLocked.ok ? 'ok' : whileLocked.error.code, name).toBe('SESSION_LOCKED');
    }
  });

  it('a counter officer cannot open the supervisor’s reports or change the office, a supervisor can read reports', async () => {
    const counter = { language: 'vi' as const, session: sessions.get('counter') };
    for (const name of ['reports.dashboard', 'office.save', 'catalogue.import', 'users.save', 'audit.list']) {
      const result = await backend.call(name, {}, counter);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    }
    const supervisor = await backend.call('audit.list', {}, { language: 'vi', session: sessions.get('supervisor') });
    expect(supervisor.ok).toBe(true);
  });
});
