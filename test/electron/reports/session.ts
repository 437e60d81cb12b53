import type { Backend } from '../../../electron/backend/backend';
import type { Role } from '../../../shared/accounts/roles';
import type { Result } from '../../../shared/contract/result';

export interface TestCaller {
  call<T>(name: string, input: unknown): Promise<T>;
  raw(name: string, input: unknown): Promise<Result<unknown>>;
}

/** A caller with a session of its own, as a bridge would hold it. */
function caller(backend: Backend): TestCaller & { signIn(username: string, password: string): Promise<void> } {
  const ctx: { language: 'vi'; session: string | null; setSession: (t: string | null) => void } = {
    language: 'vi',
    session: null,
    setSession: (t) => {
      ctx.session = t;
    },
  };
  const raw = (name: string, input: unknown) => backend.call(name, input, ctx);
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const result = (await raw(name, input)) as Result<T>;
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return {
    raw,
    call,
    signIn: async (username, password) => {
      await call('accounts.signIn', { username, password });
    },
  };
}

/** The first administrator, and an officer of xa-hung-nguyen with the given roles, each signed in. */
export async function signedInCallers(
  backend: Backend,
  roles: Role[],
): Promise<{ admin: TestCaller; officer: TestCaller }> {
  const admin = caller(backend);
  await admin.call('accounts.setup', {
    username: 'quantri',
    displayName: 'Quản trị viên',
    password: 'mat-khau-quan-tri',
  });
  await admin.signIn('quantri', 'mat-khau-quan-tri');
  await admin.call('users.save', {
    username: 'giamsat',
    displayName: 'Trần Thị Giám Sát',
    roles,
    officeId: 'xa-hung-nguyen',
    password: 'mat-khau-giam-sat',
  });
  const officer = caller(backend);
  await officer.signIn('giamsat', 'mat-khau-giam-sat');
  return { admin, officer };
}
