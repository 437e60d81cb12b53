/** Entry point of `npm run -s cli -- <command>` and of the `motcua` bin (bin/motcua.js). */
import { readFileSync } from 'node:fs';
import { runCliCommand } from './backend-commands';

runCliCommand(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  now: () => Date.now(),
  env: process.env,
}).then(
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
