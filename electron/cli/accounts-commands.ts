/**
 * Administrator commands of the accounts and audit capability, on a desktop's data folder:
 *
 *   verify-audit [--data DIR]                      → walks every office's event chain and the audit log;
 *                                                    exit 0 when intact, 3 naming each edited, deleted,
 *                                                    reordered or unchained entry
 *   user add --username U --name "Họ tên" --role R [--role R]… [--office ID] [--data DIR]
 *            [--password-file F | env MOTCUA_PASSWORD]   → creates (or resets) a user, e.g. the first
 *                                                    administrator of an installation
 *
 * The database is opened with the data folder's key file (`motcua.key`, the web host's); a desktop
 * whose secret is in the OS keystore (`motcua.secret`) can only be opened by the desktop itself.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { displayNameSchema, passwordSchema, roleSchema, usernameSchema } from '../../shared/accounts/roles';
import { errorData } from '../../shared/contract/dispatch';
import { AppError } from '../../shared/contract/result';
import { userByName } from '../backend/accounts/repository';
import { keyFileName, loadOrCreateKeyFile } from '../backend/accounts/secret';
import { verifyAudit } from '../backend/audit/chain';
import { type Backend, databaseFileName, openBackend } from '../backend/backend';
import { createLogger } from '../backend/log';
import type { CliIo, CliResult } from './cli';

export const accountsCommands = ['verify-audit', 'user'] as const;

export interface AccountsCliIo extends CliIo {
  /** The data folder when --data is not given. */
  defaultDataDir: string;
  assetsDir: string;
}

const json = (code: number, value: unknown): CliResult => ({ code, stdout: `${JSON.stringify(value, null, 2)}\n` });
const refuse = (code: string, message: string) => json(2, { error: { code, message } });

/** Desktop data folders keep the secret sealed by the OS keystore (electron/main/keystore.ts). */
export const keystoreSecretFile = 'motcua.secret';

function openAt(dataDir: string, io: AccountsCliIo, create: boolean): Backend {
  if (existsSync(join(dataDir, keystoreSecretFile))) {
    throw new AppError('CLI_KEYSTORE_ONLY', { dataDir });
  }
  const keyFile = join(dataDir, keyFileName);
  if (!create && !existsSync(join(dataDir, databaseFileName))) throw new AppError('CLI_NO_DATABASE', { dataDir });
  const secret = existsSync(keyFile) || create ? loadOrCreateKeyFile(keyFile) : undefined;
  return openBackend({
    dataDir,
    assetsDir: io.assetsDir,
    version: 'cli',
    log: createLogger({ name: 'cli', level: io.env?.MOTCUA_LOG_LEVEL ?? 'warn' }),
    secret,
  });
}

const userAddSchema = z.object({
  username: usernameSchema,
  name: displayNameSchema,
  role: z.array(roleSchema).min(1),
  office: z.string().min(1).max(100).optional(),
  data: z.string().optional(),
  password: passwordSchema,
});

export async function runAccountsCommand(argv: readonly string[], io: AccountsCliIo): Promise<CliResult> {
  const [command, ...rest] = argv;
  try {
    if (command === 'verify-audit') {
      const { values } = parseArgs({ args: [...rest], options: { data: { type: 'string' } }, strict: true });
      const dataDir = resolve(values.data ?? io.defaultDataDir);
      const backend = openAt(dataDir, io, false);
      try {
        const report = verifyAudit(backend.db);
        return json(report.ok ? 0 : 3, { command, dataDir, ...report });
      } finally {
        backend.close();
      }
    }
    if (command === 'user' && rest[0] === 'add') {
      const { values } = parseArgs({
        args: rest.slice(1),
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string', multiple: true },
          office: { type: 'string' },
          data: { type: 'string' },
          'password-file': { type: 'string' },
        },
        strict: true,
      });
      const passwordFile = values['password-file'];
      const password = passwordFile
        ? io.readFile(passwordFile === '-' ? '/dev/stdin' : passwordFile).replace(/\r?\n$/, '')
        : (io.env?.MOTCUA_PASSWORD ?? '');
      const parsed = userAddSchema.safeParse({ ...values, password });
      if (!parsed.success) {
        return refuse(
          'CLI_ARGUMENT_INVALID',
          `${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} — usage: user add --username U --name "Họ tên" --role administrator [--office ID] [--data DIR] [--password-file F | MOTCUA_PASSWORD]`,
        );
      }
      const dataDir = resolve(parsed.data.data ?? io.defaultDataDir);
      const backend = openAt(dataDir, io, true);
      try {
        const existing = userByName(backend.db, parsed.data.username);
        const user = await backend.accounts.saveUser({
          id: existing?.id,
          username: parsed.data.username,
          displayName: parsed.data.name,
          roles: parsed.data.role,
          officeId: parsed.data.office ?? existing?.office_id ?? null,
          active: true,
          password: parsed.data.password,
        });
        backend.accounts.audit('user-saved', null, user.username, { roles: user.roles.join(','), by: 'cli' });
        return json(0, { command: 'user add', dataDir, user });
      } finally {
        backend.close();
      }
    }
    return refuse('CLI_ARGUMENT_INVALID', 'verify-audit [--data DIR] | user add --username U --name N --role R …');
  } catch (error) {
    if (error instanceof AppError) {
      const lang = io.env?.MOTCUA_LANG === 'en' ? 'en' : 'vi';
      return json(2, { error: errorData(error.code, lang, error.params) });
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      return refuse('CLI_ARGUMENT_INVALID', error.message);
    }
    throw error;
  }
}
