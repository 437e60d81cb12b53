import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract/api';
import { dispatch } from '../../shared/contract/dispatch';
import type { Result } from '../../shared/contract/result';
import { type ApiDeps, createHandlers } from './api';
import type { CallContext } from './context';
import { parseCatalogueFile } from './catalogue/file';
import { catalogueVersion, replaceCatalogue } from './catalogue/repository';
import { type Database, openDatabase } from './db/sqlite';
import type { Logger } from './log';

export interface BackendOptions {
  /** The data folder: the database and attachments live here. */
  dataDir: string;
  /** The assets folder (sample catalogue, fonts). */
  assetsDir: string;
  version: string;
  log: Logger;
}

export interface Backend {
  db: Database;
  handlers: Handlers<CallContext>;
  /** Validate, run and wrap one contract call (what both bridges call). */
  call(name: string, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  close(): void;
}

export const databaseFileName = 'motcua.sqlite';
export const sampleCatalogue = (assetsDir: string) => join(assetsDir, 'catalogue', 'procedures.sample.json');

/**
 * Opens the desktop back end on a data folder: migrates the database and, on first start, loads the
 * sample catalogue so a new installation has something to show.
 */
export function openBackend(options: BackendOptions): Backend {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, databaseFileName));
  if (catalogueVersion(db) === null && existsSync(sampleCatalogue(options.assetsDir))) {
    replaceCatalogue(db, parseCatalogueFile(readFileSync(sampleCatalogue(options.assetsDir), 'utf8'), 'vi'));
    options.log.info({ file: sampleCatalogue(options.assetsDir) }, 'sample catalogue loaded');
  }
  const deps: ApiDeps = { db, version: options.version };
  const handlers = createHandlers(deps);
  return {
    db,
    handlers,
    call: (name, input, ctx) =>
      dispatch(handlers, name, input, ctx, {
        language: ctx.language,
        onInternalError: (call, error) => options.log.error({ call, err: error }, 'call failed'),
      }),
    close: () => db.close(),
  };
}
