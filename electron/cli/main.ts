/** Entry point of `npm run -s cli -- <command>` and of the `motcua` bin (bin/motcua.js). */
import { readFileSync } from 'node:fs';
import { runCli } from './cli';

const result = runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  now: () => Date.now(),
  env: process.env,
});
process.stdout.write(result.stdout);
process.exitCode = result.code;
