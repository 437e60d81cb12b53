/** Entry point of `npm run -s cli -- <command>` and of the `motcua` bin (bin/motcua.js). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { accountsCommands, runAccountsCommand } from './accounts-commands';
import { runCliCommand } from './backend-commands';

const argv = process.argv.slice(2);
const io = { readFile: (path: string) => readFileSync(path, 'utf8'), now: () => Date.now(), env: process.env };
const root = resolve(__dirname, '..', '..');
((accountsCommands as readonly string[]).includes(argv[0] ?? '')
  ? runAccountsCommand(argv, {
      ...io,
      defaultDataDir: process.env.MOTCUA_DATA || join(root, '.data', 'web'),
      assetsDir: join(root, 'assets'),
    })
  : runCliCommand(argv, io)
).then(
  (result) => {
    process.stdout.write(result.stdout);
    process.exitCode = result.code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`${JSON.stringify({ error: { code: 'INTERNAL', message } }, null, 2)}\n`);
    process.exitCode = 1;
  },
);
