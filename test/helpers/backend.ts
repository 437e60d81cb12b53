import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { hashPasswordSync } from '../../electron/backend/accounts/passwords';
import { saveAccountSettings, upsertUser } from '../../electron/backend/accounts/repository';
import { type Backend, type BackendOptions, openBackend } from '../../electron/backend/backend';
import { getDesk } from '../../electron/backend/office/repository';
import { ROLES, type Role } from '../../shared/accounts/roles';
import type { DossierDetail } from '../../shared/contract/dossier';
import type { Result } from '../../shared/contract/result';

export const repoRoot = resolve(__dirname, '..', '..');
export const assetsDir = join(repoRoot, 'assets');
export const silentLog = pino({ level: 'silent' });

export function tempDir(prefix = 'motcua-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The password of every user the test helpers create. */
export const TEST_PASSWORD = 'mat-khau-thu-nghiem';
let testHash: string | undefined;
/** One argon2id hash of TEST_PASSWORD for the whole test file (hashing costs ~40 ms). */
export const testPasswordHash = () => {
  testHash ??= hashPasswordSync(TEST_PASSWORD);
  return testHash;
};

/** Creates a user with TEST_PASSWORD directly in the database (set-up, not what is under test). */
export function addTestUser(backend: Backend, username: string, roles: readonly Role[]): string {
  return upsertUser(
    backend.db,
    {
      username,
      displayName: `Người dùng ${username}`,
      roles,
      officeId: getDesk(backend.db).officeId,
      active: true,
      passwordHash: testPasswordHash(),
    },
    new Date().toISOString(),
  ).id;
}

export interface TestBackendOptions extends Partial<Pick<BackendOptions, 'now' | 'accountsNow' | 'secret'>> {
  /**
   * The user every call without a session of its own (ctx.session undefined) is made as, first run
   * (accounts.setup) excepted:
   * by default `test`, holding every role, created at the first such call, so tests of other
   * capabilities work as before and a test that signs in by itself (session: null, accounts.setup)
   * still finds a first run. `false` for none.
   */
  user?: false | { username?: string; roles?: readonly Role[] };
}

/**
 * A real back end (SQLite file, migrations, sample catalogue) in a fresh temporary data folder, with
 * a signed-in test user (see `user`) whose session calls carry unless they give their own.
 */
export function openTestBackend(
  options: TestBackendOptions = {},
): Backend & { dataDir: string; dispose: () => void; testUser: () => { id: string; session: string } } {
  const { dir, remove } = tempDir();
  const { user, ...backendOptions } = options;
  const backend = openBackend({
    dataDir: dir,
    assetsDir,
    version: '0.0.0-test',
    log: silentLog,
    sampleData: true,
    ...backendOptions,
  });
  let signedIn: { id: string; session: string } | undefined;
  const testUser = () => {
    if (!signedIn) {
      const id = addTestUser(
        backend,
        user ? (user.username ?? 'test') : 'test',
        (user ? user.roles : undefined) ?? ROLES,
      );
      // Tests that move the clock by days must not find their session idle-locked.
      saveAccountSettings(backend.db, { ...backend.accounts.settings(), idleLockSeconds: 24 * 3600 });
      signedIn = { id, session: backend.accounts.openSessionFor(id) };
    }
    return signedIn;
  };
  return {
    ...backend,
    call: (name, input, ctx) =>
      backend.call(
        name,
        input,
        ctx.session === undefined && user !== false && name !== 'accounts.setup'
          ? { ...ctx, session: testUser().session }
          : ctx,
      ),
    dataDir: dir,
    testUser,
    dispose: () => {
      backend.close();
      remove();
    },
  };
}

/** Receives a dossier with one form through the contract, as the counter would; throws with the reason if refused. */
export async function receiveDossier(
  backend: Backend,
  input: { procedureCode: string; channel: 1 | 2 | 3; fullName: string },
): Promise<DossierDetail> {
  const received = (await backend.call(
    'dossier.receive',
    {
      procedureCode: input.procedureCode,
      channel: input.channel,
      applicant: { fullName: input.fullName },
      components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
    },
    { language: 'vi' },
  )) as Result<DossierDetail>;
  if (!received.ok) throw new Error(received.error.message);
  return received.value;
}
