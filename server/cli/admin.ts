/**
 * `npm run -s server-admin -- <command>`: the administrator's command line, working directly on the
 * server's database (DATABASE_URL, or the PGlite folder of MOTCUA_SERVER_DATA: stop the server
 * first, PGlite has one user at a time; or use the admin routes while it runs).
 *
 *   office add --id ID --agency NNN.NN.NN.Xnn --name NAME [--level LEVEL] [--parent ID]
 *   office list
 *   office scope --office ID --sees ID [--subtree]
 *   enrol-code --office ID [--ttl-hours 72] [--note TEXT]     prints the one-time code
 *   device list [--office ID]
 *   device revoke DEVICE_ID --reason TEXT
 *   reference load catalogue|calendar FILE
 *   user add --username U --name "Họ tên" --role R [--role R]… --office ID
 *            [--password-file F | env MOTCUA_PASSWORD]   (argon2id; never on the command line)
 *   user list [--office ID]
 *   user disable USERNAME|ID
 *   user move USERNAME|ID --office ID
 *   migrate
 *
 * Messages in Vietnamese, or English with MOTCUA_LANG=en. Exit code 2 on wrong usage, 1 on a refusal.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { roleSchema } from '../../shared/accounts/roles';
import { isDomainError } from '../../shared/i18n/domain-error';
import { addUser, disableUser, listUsers, moveUser } from '../accounts/users';
import { pgliteDir, readConfig } from '../config';
import { openServerDatabase, type ServerDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { issueEnrolmentCode, listDevices, revokeDevice } from '../enrolment/devices';
import { errorBody, ServerFailure } from '../http/errors';
import { addOffice, addScope, listOffices } from '../office/offices';
import { publishReference } from '../reference/reference';

const language = process.env.MOTCUA_LANG === 'en' ? 'en' : 'vi';

const USAGE = `usage: server-admin <command>
  office add --id ID --agency NNN.NN.NN.Xnn --name NAME [--level LEVEL] [--parent ID]
  office list
  office scope --office ID --sees ID [--subtree]
  enrol-code --office ID [--ttl-hours 72] [--note TEXT]
  device list [--office ID]
  device revoke DEVICE_ID --reason TEXT
  reference load catalogue|calendar FILE
  user add --username U --name NAME --role R [--role R]... --office ID [--password-file F | env MOTCUA_PASSWORD]
  user list [--office ID]
  user disable USERNAME|ID
  user move USERNAME|ID --office ID
  migrate`;

class UsageError extends Error {}

function need(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

async function run(db: ServerDatabase, argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      agency: { type: 'string' },
      name: { type: 'string' },
      level: { type: 'string' },
      parent: { type: 'string' },
      office: { type: 'string' },
      sees: { type: 'string' },
      subtree: { type: 'boolean' },
      'ttl-hours': { type: 'string' },
      note: { type: 'string' },
      reason: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string', multiple: true },
      'password-file': { type: 'string' },
    },
  });
  const [command, sub, ...rest] = positionals;
  switch (`${command ?? ''} ${command === 'enrol-code' || command === 'migrate' ? '' : (sub ?? '')}`.trim()) {
    case 'office add':
      return addOffice(db, {
        id: need(values.id, 'id'),
        agencyId: need(values.agency, 'agency'),
        name: need(values.name, 'name'),
        ...(values.level ? { level: values.level } : {}),
        ...(values.parent ? { parentId: values.parent } : {}),
      });
    case 'office list':
      return listOffices(db);
    case 'office scope':
      await addScope(db, need(values.office, 'office'), need(values.sees, 'sees'), values.subtree ?? false);
      return { officeId: values.office, visibleOfficeId: values.sees, includeDescendants: values.subtree ?? false };
    case 'enrol-code': {
      const ttl = values['ttl-hours'] === undefined ? undefined : Number(values['ttl-hours']);
      if (ttl !== undefined && !(ttl > 0)) throw new UsageError('--ttl-hours must be a positive number');
      const issued = await issueEnrolmentCode(db, need(values.office, 'office'), {
        ...(ttl ? { ttlHours: ttl } : {}),
        ...(values.note ? { note: values.note } : {}),
      });
      // The code alone on stdout (scripts capture it); the rest on stderr.
      process.stdout.write(`${issued.code}\n`);
      process.stderr.write(`office ${issued.officeId}, expires ${issued.expiresAt}\n`);
      return undefined;
    }
    case 'device list':
      return listDevices(db, values.office);
    case 'device revoke':
      return revokeDevice(db, need(rest[0], 'DEVICE_ID'), need(values.reason, 'reason'));
    case 'reference load': {
      const kind = rest[0];
      if (kind !== 'catalogue' && kind !== 'calendar') throw new UsageError('kind must be catalogue or calendar');
      const content: unknown = JSON.parse(readFileSync(need(rest[1], 'FILE'), 'utf8'));
      return { kind, version: await publishReference(db, kind, content, rest[1]) };
    }
    case 'user add': {
      const file = values['password-file'];
      const password = file
        ? readFileSync(file === '-' ? '/dev/stdin' : file, 'utf8').replace(/\r?\n$/, '')
        : (process.env.MOTCUA_PASSWORD ?? '');
      if (!password) throw new UsageError('the password comes from --password-file F (- for stdin) or MOTCUA_PASSWORD');
      return addUser(db, {
        username: need(values.username, 'username'),
        displayName: need(values.name, 'name'),
        roles: z
          .array(roleSchema)
          .min(1)
          .parse(values.role ?? []),
        officeId: need(values.office, 'office'),
        password,
      });
    }
    case 'user list':
      return listUsers(db, values.office);
    case 'user disable':
      return disableUser(db, need(rest[0], 'USERNAME'));
    case 'user move':
      return moveUser(db, need(rest[0], 'USERNAME'), need(values.office, 'office'));
    case 'migrate':
      return { applied: await migrate(db) };
    default:
      throw new UsageError(command ? `unknown command: ${positionals.join(' ')}` : 'no command');
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(argv.length === 0 ? 2 : 0);
  }
  const env = readConfig();
  const db = await openServerDatabase({ databaseUrl: env.DATABASE_URL, dataDir: pgliteDir(env), poolSize: 2 });
  let code = 0;
  try {
    if (argv[0] !== 'migrate') await migrate(db);
    const result = await run(db, argv);
    if (result !== undefined) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      code = 2;
    } else if (error instanceof ServerFailure) {
      process.stderr.write(`${errorBody(language, error.code, error.params).message}\n`);
      code = 1;
    } else if (isDomainError(error)) {
      process.stderr.write(`${errorBody(language, error.code, error.params).message}\n`);
      code = 1;
    } else if (error instanceof Error && error.name === 'ZodError') {
      process.stderr.write(`${error.message}\n`);
      code = 1;
    } else {
      throw error;
    }
  } finally {
    await db.close();
  }
  process.exit(code);
}

void main();
