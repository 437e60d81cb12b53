import { afterAll, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../shared/contract/accounts';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { Result } from '../../../shared/contract/result';
import { openTestBackend } from '../../helpers/backend';

type Backend = ReturnType<typeof openTestBackend>;

/** A caller holding its own session, as a bridge does (the token never crosses to the caller). */
function bridge(backend: Backend, language: 'vi' | 'en' = 'vi') {
  const ctx = {
    language,
    session: null as string | null,
    setSession: (token: string | null) => {
      ctx.session = token;
    },
  };
  const raw = (name: string, input: unknown = {}) => backend.call(name, input, ctx);
  const call = async <T>(name: string, input: unknown = {}): Promise<T> => {
    const result = (await raw(name, input)) as Result<T>;
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return { ctx, raw, call };
}

const intake = {
  procedureCode: '1.000894',
  applicant: { fullName: 'Đặng Thị Mai', idNumber: '001190012345', phone: '0912345678', address: 'Hà Nội' },
  components: [{ name: 'Tờ khai', copies: { originals: 1, copies: 0 } }],
};

describe('first run, sign-in, lockout and the idle lock (real back end, moved clock)', () => {
  let clock = Date.parse('2026-03-02T08:00:00+07:00');
  const backend = openTestBackend({ user: false, accountsNow: () => clock });
  afterAll(() => backend.dispose());
  const admin = bridge(backend);

  it('asks for the first administrator, then refuses a second first run', async () => {
    expect(await admin.call<AccountStatus>('accounts.status')).toMatchObject({ setupRequired: true, user: null });
    const status = await admin.call<AccountStatus>('accounts.setup', {
      username: 'QuanTri',
      displayName: 'Nguyễn Văn Quản',
      password: 'mat-khau-quan-tri',
    });
    expect(status).toMatchObject({
      setupRequired: false,
      locked: false,
      user: { username: 'quantri', roles: ['administrator'] },
    });
    expect(admin.ctx.session).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const second = await bridge(backend).raw('accounts.setup', {
      username: 'ke-gian',
      displayName: 'Kẻ gian',
      password: 'mat-khau-ke-gian',
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
    expect(backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM app_user')?.n).toBe(1);
  });

  it('stores an argon2id hash, never the password', () => {
    const row = backend.db.get<{ password_hash: string }>(
      `SELECT password_hash FROM app_user WHERE username = 'quantri'`,
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain('mat-khau-quan-tri');
  });

  it('the administrator creates a counter officer, who signs in offline', async () => {
    await admin.call('users.save', {
      username: 'lan',
      displayName: 'Trần Thị Lan',
      roles: ['counter'],
      password: 'mat-khau-cua-lan',
    });
    const lan = bridge(backend);
    const status = await lan.call<AccountStatus>('accounts.signIn', { username: 'LAN', password: 'mat-khau-cua-lan' });
    expect(status.user).toMatchObject({ username: 'lan', displayName: 'Trần Thị Lan', roles: ['counter'] });
  });

  it('locks the account after 5 wrong passwords for 15 minutes, even for the right one, then lets it in', async () => {
    const lan = bridge(backend);
    for (let i = 1; i <= 4; i++) {
      const wrong = await lan.raw('accounts.signIn', { username: 'lan', password: `sai-${i}-mat-khau` });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED', params: { remaining: 5 - i } } });
    }
    const fifth = await lan.raw('accounts.signIn', { username: 'lan', password: 'sai-lan-thu-5' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED', params: { count: 15 } } });
    clock += 10 * 60_000;
    const stillLocked = await lan.raw('accounts.signIn', { username: 'lan', password: 'mat-khau-cua-lan' });
    expect(stillLocked).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED', params: { count: 5 } } });
    expect(lan.ctx.session).toBeNull();
    clock += 5 * 60_000 + 1;
    expect((await lan.raw('accounts.signIn', { username: 'lan', password: 'mat-khau-cua-lan' })).ok).toBe(true);
    const kinds = backend.db
      .all<{ kind: string }>(`SELECT kind FROM audit_log WHERE subject = 'lan' ORDER BY seq`)
      .map((r) => r.kind);
    expect(kinds.filter((k) => k === 'sign-in-failed')).toHaveLength(6);
    expect(kinds).toContain('account-locked');
    expect(kinds.at(-1)).toBe('sign-in');
  });

  it('an unknown user name fails like a wrong password and is recorded', async () => {
    const result = await bridge(backend, 'en').raw('accounts.signIn', { username: 'khong-ai', password: 'whatever1' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SIGN_IN_FAILED', message: 'Wrong user name or password.' },
    });
    expect(
      backend.db.get(`SELECT 1 FROM audit_log WHERE kind = 'sign-in-failed' AND subject = 'khong-ai'`),
    ).toBeDefined();
  });

  it('locks an idle session on the back end’s clock; the password unlocks it, a wrong one does not', async () => {
    // The administrator left their session alone for 15 minutes: it is locked too.
    expect((await admin.call<AccountStatus>('accounts.status')).locked).toBe(true);
    await admin.call('accounts.unlock', { password: 'mat-khau-quan-tri' });
    await admin.call('accounts.saveSettings', { lockoutAttempts: 5, lockoutMinutes: 15, idleLockSeconds: 60 });
    const lan = bridge(backend);
    await lan.call('accounts.signIn', { username: 'lan', password: 'mat-khau-cua-lan' });
    clock += 50_000;
    await lan.call('accounts.touch');
    clock += 50_000;
    expect((await lan.call<AccountStatus>('accounts.status')).locked).toBe(false);
    clock += 11_000;
    expect((await lan.call<AccountStatus>('accounts.status')).locked).toBe(true);
    expect(await lan.raw('catalogue.search', { query: 'ket hon' })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_LOCKED' },
    });
    expect(await lan.raw('accounts.unlock', { password: 'khong-dung-dau' })).toMatchObject({
      ok: false,
      error: { code: 'SIGN_IN_FAILED' },
    });
    expect((await lan.call<AccountStatus>('accounts.unlock', { password: 'mat-khau-cua-lan' })).locked).toBe(false);
    expect((await lan.raw('catalogue.search', { query: 'ket hon' })).ok).toBe(true);
    await lan.call('accounts.lock');
    expect(await lan.raw('catalogue.search', { query: 'ket hon' })).toMatchObject({
      error: { code: 'SESSION_LOCKED' },
    });
    await lan.call('accounts.signOut');
    expect(lan.ctx.session).toBeNull();
    const kinds = backend.db.all<{ kind: string; detail: string }>(
      `SELECT kind, detail FROM audit_log WHERE subject = 'lan' AND kind IN ('lock', 'unlock', 'sign-out') ORDER BY seq`,
    );
    expect(kinds).toEqual([
      { kind: 'lock', detail: '{"reason":"idle"}' },
      { kind: 'unlock', detail: '{}' },
      { kind: 'lock', detail: '{"reason":"user"}' },
      { kind: 'sign-out', detail: '{}' },
    ]);
  });

  it('refuses markup, SQL and oversized input with clear errors, storing nothing', async () => {
    await admin.call('accounts.unlock', { password: 'mat-khau-quan-tri' });
    const users = () => backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM app_user')?.n;
    const before = users();
    const html = await admin.raw('users.save', {
      username: 'x',
      displayName: '<img src=x onerror=alert(1)>',
      roles: ['counter'],
      password: 'mat-khau-dai-du',
    });
    expect(html).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const sql = await admin.raw('users.save', {
      username: "lan'; DROP TABLE app_user; --",
      displayName: 'Robert',
      roles: ['counter'],
      password: 'mat-khau-dai-du',
    });
    expect(sql).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const signInSql = await bridge(backend).raw('accounts.signIn', {
      username: "' OR 1=1 --",
      password: "' OR 1=1 --",
    });
    expect(signInSql.ok).toBe(false);
    const huge = await admin.raw('drafts.save', { kind: 'intake', data: { note: 'x'.repeat(2_100_000) } });
    expect(huge).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const longPassword = await admin.raw('accounts.signIn', { username: 'lan', password: 'x'.repeat(100_000) });
    expect(longPassword).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(users()).toBe(before);
    expect(backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM user_draft')?.n).toBe(0);
  });

  it('an administrator cannot remove their own administrator role', async () => {
    const me = (await admin.call<AccountStatus>('accounts.status')).user;
    const result = await admin.raw('users.save', {
      id: me?.id,
      username: 'quantri',
      displayName: 'Nguyễn Văn Quản',
      roles: ['counter'],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CANNOT_DEMOTE_SELF' } });
  });
});

describe('a disabled account (by the administrator, or by the server for an officer moved away)', () => {
  let clock = Date.parse('2026-03-02T08:00:00+07:00');
  const backend = openTestBackend({ user: false, accountsNow: () => clock });
  afterAll(() => backend.dispose());
  const admin = bridge(backend);
  const hoaPassword = 'mat-khau-cua-hoa';
  let hoaId = '';
  const signIn = (password: string, username = 'hoa', language: 'vi' | 'en' = 'en') =>
    bridge(backend, language).raw('accounts.signIn', { username, password });
  const lockout = () =>
    backend.db.get<{ failed_attempts: number; locked_until: number | null }>(
      'SELECT failed_attempts, locked_until FROM app_user WHERE id = ?',
      hoaId,
    );

  it('the administrator disables a counter officer', async () => {
    await admin.call('accounts.setup', { username: 'quantri', displayName: 'Quản trị', password: 'mat-khau-quan-tri' });
    const hoa = await admin.call<{ id: string }>('users.save', {
      username: 'hoa',
      displayName: 'Lê Thị Hoa',
      roles: ['counter'],
      password: hoaPassword,
    });
    hoaId = hoa.id;
    await admin.call('users.save', {
      id: hoaId,
      username: 'hoa',
      displayName: 'Lê Thị Hoa',
      roles: ['counter'],
      active: false,
    });
  });

  it('with the right password the officer is told the account is disabled here, in either language, and not signed in', async () => {
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
      const caller = bridge(backend, language);
      const refused = await caller.raw('accounts.signIn', { username: 'hoa', password: hoaPassword });
      expect(refused).toEqual({ ok: false, error: { code: 'ACCOUNT_DISABLED', message } });
      expect(caller.ctx.session).toBeNull();
    }
  });

  it('a wrong password for the disabled account gets the same answer as an unknown name', async () => {
    const generic = {
      ok: false,
      error: { code: 'SIGN_IN_FAILED', message: 'Wrong user name or password.', params: { remaining: 5 } },
    };
    expect(await signIn('sai-mat-khau-1')).toEqual(generic);
    expect(await signIn(hoaPassword, 'khong-ai')).toEqual(generic);
    const reasons = backend.db
      .all<{ subject: string; detail: string }>(
        `SELECT subject, detail FROM audit_log WHERE kind = 'sign-in-failed' AND user_id IS NULL ORDER BY seq`,
      )
      .map((r) => [r.subject, JSON.parse(r.detail).reason]);
    expect(reasons).toEqual([
      ['hoa', 'inactive'],
      ['hoa', 'inactive'],
      ['hoa', 'inactive'],
      ['khong-ai', 'unknown'],
    ]);
  });

  it('after as many wrong passwords as lock an account, stops telling the right one apart for the lockout’s minutes', async () => {
    for (let i = 2; i <= 5; i++)
      expect(await signIn(`sai-mat-khau-${i}`)).toMatchObject({ error: { code: 'SIGN_IN_FAILED' } });
    expect(await signIn(hoaPassword)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED' } });
    clock += 15 * 60_000 + 1;
    expect(await signIn(hoaPassword)).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } });
    // The guesses are not the account's failed attempts: enabled again, it signs in at once.
    expect(lockout()).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('enabled again, the officer signs in with the same password', async () => {
    await admin.call('accounts.unlock', { password: 'mat-khau-quan-tri' });
    await admin.call('users.save', { id: hoaId, username: 'hoa', displayName: 'Lê Thị Hoa', roles: ['counter'] });
    const caller = bridge(backend);
    expect(await caller.raw('accounts.signIn', { username: 'hoa', password: hoaPassword })).toMatchObject({ ok: true });
    expect(caller.ctx.session).not.toBeNull();
  });
});

describe('separation on a shared PC, and the actor of every event', () => {
  const backend = openTestBackend({ user: false });
  afterAll(() => backend.dispose());
  const admin = bridge(backend);
  const lan = bridge(backend);
  const hoa = bridge(backend);

  it('sets up two counter officers', async () => {
    await admin.call('accounts.setup', { username: 'quantri', displayName: 'Quản trị', password: 'mat-khau-quan-tri' });
    for (const [username, displayName] of [
      ['lan', 'Trần Thị Lan'],
      ['hoa', 'Lê Thị Hoa'],
    ]) {
      await admin.call('users.save', {
        username,
        displayName,
        roles: ['counter'],
        password: `mat-khau-${username}-123`,
      });
    }
    await lan.call('accounts.signIn', { username: 'lan', password: 'mat-khau-lan-123' });
    await hoa.call('accounts.signIn', { username: 'hoa', password: 'mat-khau-hoa-123' });
  });

  it('a second user does not see the first user’s draft or preferences', async () => {
    await lan.call('drafts.save', { kind: 'intake', data: { applicant: { fullName: 'Đặng Thị Mai' } } });
    await lan.call('prefs.set', { key: 'dossiers.queue', value: 'mine' });
    expect(await hoa.call('drafts.get', { kind: 'intake' })).toEqual({ data: null, savedAt: null });
    expect(await hoa.call('prefs.get', { key: 'dossiers.queue' })).toEqual({ value: null });
    expect(await lan.call('drafts.get', { kind: 'intake' })).toMatchObject({
      data: { applicant: { fullName: 'Đặng Thị Mai' } },
    });
    expect(await lan.call('prefs.get', { key: 'dossiers.queue' })).toEqual({ value: 'mine' });
    expect(await hoa.call('drafts.discard', { kind: 'intake' })).toEqual({ discarded: false });
    expect(await lan.call('drafts.get', { kind: 'intake' })).toMatchObject({ savedAt: expect.any(String) });
  });

  it('takes the event’s user from the session: a forged user id in the input is ignored', async () => {
    const lanId = (await lan.call<AccountStatus>('accounts.status')).user?.id;
    const hoaId = (await hoa.call<AccountStatus>('accounts.status')).user?.id;
    const detail = await lan.call<DossierDetail>('dossier.receive', {
      ...intake,
      userId: hoaId,
      actor: { userId: hoaId, officeId: 'khac' },
    });
    const stored = backend.db.all<{ user_id: string; payload: string }>(
      'SELECT user_id, payload FROM event WHERE dossier_id = ?',
      detail.row.id,
    );
    expect(stored.map((e) => e.user_id)).toEqual([lanId]);
    expect(stored[0]?.payload).not.toContain(String(hoaId));
    expect(detail.timeline.map((e) => e.userId)).toEqual([lanId]);
    const forgedCtx = await backend.call(
      'dossier.list',
      { queue: 'mine' },
      {
        language: 'vi',
        session: hoa.ctx.session,
        user: { id: String(lanId), username: 'lan', displayName: 'x', roles: ['counter'], officeId: null },
      },
    );
    // Even a bridge claiming a user gets the session's: Hoa's 'mine' queue is empty.
    expect(forgedCtx).toMatchObject({ ok: true, value: { total: 0 } });
    expect(await lan.call('dossier.list', { queue: 'mine' })).toMatchObject({ total: 1 });
  });
});
