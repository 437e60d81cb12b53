import type { accountsCalls } from '../../../shared/contract/accounts';
import type { HandlersOf } from '../../../shared/contract/api';
import { AppError } from '../../../shared/contract/result';
import { verifyAudit } from '../audit/chain';
import { listAudit, recordAudit } from '../audit/log';
import type { CallContext, SignedInUser } from '../context';
import type { Database } from '../db/sqlite';
import { getDesk } from '../office/repository';
import { centralLocalIds } from './central';
import { accountSettings, clearLockout, saveAccountSettings, toListItem, type UserRow, userById } from './repository';
import type { Accounts } from './service';

/** The signed-in user the back end resolved from the session (the policy already demanded one). */
export function signedIn(ctx: CallContext): SignedInUser {
  if (!ctx.user) throw new AppError('SIGN_IN_REQUIRED');
  return ctx.user;
}

const nowIso = () => new Date().toISOString();

export function accountsHandlers(db: Database, accounts: Accounts): HandlersOf<typeof accountsCalls, CallContext> {
  return {
    'accounts.status': (_input, ctx) => accounts.status(ctx.session),
    'accounts.setup': async (input, ctx) => {
      const token = await accounts.setup(input);
      ctx.setSession?.(token);
      return accounts.status(token);
    },
    'accounts.signIn': async ({ username, password }, ctx) => {
      const token = await accounts.signIn(username, password);
      // A new sign-in on this bridge replaces whoever was signed in there.
      if (ctx.session && ctx.session !== token) accounts.signOut(ctx.session);
      ctx.setSession?.(token);
      return accounts.status(token);
    },
    'accounts.signOut': (_input, ctx) => {
      accounts.signOut(ctx.session);
      ctx.setSession?.(null);
      return accounts.status(null);
    },
    'accounts.lock': (_input, ctx) => {
      accounts.lock(ctx.session);
      return accounts.status(ctx.session);
    },
    'accounts.unlock': async ({ password }, ctx) => {
      try {
        await accounts.unlock(ctx.session, password);
      } catch (error) {
        if (error instanceof AppError && error.code === 'ACCOUNT_LOCKED') ctx.setSession?.(null);
        throw error;
      }
      return accounts.status(ctx.session);
    },
    'accounts.touch': (_input, ctx) => {
      accounts.touch(ctx.session);
      return { idleLockSeconds: accounts.settings().idleLockSeconds };
    },
    'accounts.changePassword': async ({ current, next }, ctx) => {
      await accounts.changePassword(signedIn(ctx).id, current, next);
      return { changed: true as const };
    },
    'accounts.settings': () => accountSettings(db),
    'accounts.saveSettings': (settings, ctx) => {
      saveAccountSettings(db, settings);
      accounts.audit('settings-saved', signedIn(ctx).id, null, { ...settings });
      return accountSettings(db);
    },
    'users.list': () => {
      const central = centralLocalIds(db);
      const now = accounts.clock();
      return db.all<UserRow>('SELECT * FROM app_user ORDER BY username').map((row) => toListItem(row, central, now));
    },
    'users.save': async (input, ctx) => {
      const me = signedIn(ctx);
      // A user the central server manages is changed there; the next sync would undo a local edit.
      if (input.id && centralLocalIds(db).has(input.id)) throw new AppError('USER_MANAGED_CENTRALLY');
      if (input.id === me.id && (!input.active || !input.roles.includes('administrator'))) {
        // Nobody locks the last door behind them: an administrator cannot remove their own access.
        throw new AppError('CANNOT_DEMOTE_SELF');
      }
      const user = await accounts.saveUser(input);
      if (input.id) accounts.endSessionsOf(input.id);
      accounts.audit('user-saved', me.id, user.username, {
        roles: user.roles.join(','),
        active: user.active,
        passwordSet: input.password !== undefined,
      });
      return user;
    },
    'users.unlock': ({ id }, ctx) => {
      const row = userById(db, id);
      if (!row) throw new AppError('USER_NOT_FOUND', { id });
      clearLockout(db, id);
      accounts.audit('account-unlocked', signedIn(ctx).id, row.username);
      return toListItem(userById(db, id) as UserRow, centralLocalIds(db), accounts.clock());
    },
    'prefs.get': ({ key }, ctx) => {
      const row = db.get<{ value: string }>(
        'SELECT value FROM user_pref WHERE user_id = ? AND key = ?',
        signedIn(ctx).id,
        key,
      );
      return { value: row ? (JSON.parse(row.value) as unknown) : null };
    },
    'prefs.set': ({ key, value }, ctx) => {
      db.run(
        `INSERT INTO user_pref (user_id, key, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        signedIn(ctx).id,
        key,
        JSON.stringify(value),
        nowIso(),
      );
      return { saved: true as const };
    },
    'drafts.get': ({ kind }, ctx) => {
      const row = db.get<{ data: string; saved_at: string }>(
        'SELECT data, saved_at FROM user_draft WHERE user_id = ? AND kind = ?',
        signedIn(ctx).id,
        kind,
      );
      return row ? { data: JSON.parse(row.data) as unknown, savedAt: row.saved_at } : { data: null, savedAt: null };
    },
    'drafts.save': ({ kind, data }, ctx) => {
      const savedAt = nowIso();
      db.run(
        `INSERT INTO user_draft (user_id, kind, data, saved_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, kind) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at`,
        signedIn(ctx).id,
        kind,
        JSON.stringify(data),
        savedAt,
      );
      return { savedAt };
    },
    'drafts.discard': ({ kind }, ctx) => ({
      discarded: db.run('DELETE FROM user_draft WHERE user_id = ? AND kind = ?', signedIn(ctx).id, kind).changes > 0,
    }),
    'audit.record': ({ kind, subject, detail }, ctx) => ({
      seq: recordAudit(db, {
        kind,
        userId: signedIn(ctx).id,
        officeId: getDesk(db).officeId,
        subject,
        detail,
      }),
    }),
    'audit.list': (params) => listAudit(db, params),
    'audit.verify': () => verifyAudit(db),
  };
}
