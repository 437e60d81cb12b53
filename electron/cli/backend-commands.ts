/**
 * Administrator commands that work on a desktop's data folder: they open the desktop back end there
 * and go through the same contract calls as the Settings screen (validation, translated errors, one
 * transaction), so a file refused here is refused there with the same messages.
 *
 *   import-catalogue --file F [--data DIR] [--lang en]   → catalogue.import
 *   import-calendar  --file F [--data DIR] [--lang en]   → calendar.import (open dossiers' deadlines recomputed)
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dispatch } from '../../shared/contract/dispatch';
import type { Result } from '../../shared/contract/result';
import { domainMessage, type Lang } from '../../shared/i18n/domain-error';
import { type Backend, openBackend } from '../backend/backend';
import type { CallContext } from '../backend/context';
import { createLogger } from '../backend/log';
import { type CliIo, type CliResult, runCli } from './cli';

const root = resolve(__dirname, '..', '..');

export const backendCommands = {
  'import-catalogue': 'catalogue.import',
  'import-calendar': 'calendar.import',
} as const;
type BackendCommand = keyof typeof backendCommands;

export interface BackendCliIo extends CliIo {
  /** Opens the back end on a data folder (tests may pass their own). */
  openBackend?: (dataDir: string) => Backend;
}

/** The data folder when --data is not given: MOTCUA_DATA, else the web host's default (.data/web). */
export function defaultDataDir(env: Record<string, string | undefined> = {}): string {
  return env.MOTCUA_DATA || join(root, '.data', 'web');
}

const json = (code: number, value: unknown): CliResult => ({ code, stdout: `${JSON.stringify(value, null, 2)}\n` });

function isBackendCommand(command: string | undefined): command is BackendCommand {
  return command !== undefined && Object.hasOwn(backendCommands, command);
}

/**
 * The data folder's key file (`motcua.key`, 32 bytes in hex, kept by the web host) when there is one:
 * an encrypted database opens only with it. A desktop whose secret sits in the OS keystore cannot be
 * opened by this command line.
 */
function secretOf(dataDir: string): Buffer | undefined {
  const file = join(dataDir, 'motcua.key');
  if (!existsSync(file)) return undefined;
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  return secret.length === 32 ? secret : undefined;
}

function open(dataDir: string): Backend {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const secret = secretOf(dataDir);
  return openBackend({
    dataDir,
    assetsDir: join(root, 'assets'),
    version,
    log: createLogger({ name: 'cli', level: process.env.MOTCUA_LOG_LEVEL ?? 'warn' }),
    ...(secret ? { secret } : {}),
  });
}

/**
 * Runs any administrator command: the back-end commands here, every other one through `runCli`.
 * Prints JSON only; a refused file exits with 2 and `{"error":{code,message,params?,issues?}}`.
 */
export async function runCliCommand(argv: readonly string[], io: BackendCliIo): Promise<CliResult> {
  const [command, ...rest] = argv;
  if (!isBackendCommand(command)) return runCli(argv, io);
  let lang: Lang = io.env?.MOTCUA_LANG === 'en' ? 'en' : 'vi';
  const fail = (code: 'CLI_ARGUMENT_INVALID' | 'CLI_FILE_UNREADABLE', params: Record<string, string>) =>
    json(2, { error: { code, message: domainMessage(code, lang, params), params } });
  let values: { file?: string; data?: string; lang?: string };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: { file: { type: 'string' }, data: { type: 'string' }, lang: { type: 'string' } },
      strict: true,
    }));
  } catch (e) {
    return fail('CLI_ARGUMENT_INVALID', { details: e instanceof Error ? e.message : String(e) });
  }
  if (values.lang === 'en' || values.lang === 'vi') lang = values.lang;
  if (!values.file) return fail('CLI_ARGUMENT_INVALID', { details: `${command} --file FILE [--data DIR]` });
  let content: string;
  try {
    content = io.readFile(values.file);
  } catch (e) {
    return fail('CLI_FILE_UNREADABLE', { file: values.file, details: e instanceof Error ? e.message : String(e) });
  }
  const dataDir = resolve(values.data ?? defaultDataDir(io.env));
  const backend = (io.openBackend ?? open)(dataDir);
  try {
    // The handlers behind the contract's dispatcher (input validated, errors translated), as the
    // Settings screen reaches them; whoever can run this on the data folder administers it.
    const result = (await dispatch(
      backend.handlers,
      backendCommands[command],
      { content, fileName: basename(values.file) },
      { language: lang } as CallContext,
      { language: lang },
    )) as Result<unknown>;
    if (!result.ok) return json(result.error.code === 'INTERNAL' ? 1 : 2, { error: result.error });
    return json(0, { command, dataDir, file: values.file, ...(result.value as object) });
  } finally {
    backend.close();
  }
}
