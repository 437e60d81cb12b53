import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract/api';
import { dispatch } from '../../shared/contract/dispatch';
import type { Result } from '../../shared/contract/result';
import { deriveKey } from './accounts/secret';
import { Accounts } from './accounts/service';
import { type ApiDeps, createHandlers } from './api';
import { AttachmentStore } from './attachments/store';
import { chainEvents, chainUnlinkedEvents } from './audit/chain';
import { CalendarStore } from './calendar/store';
import { parseCatalogueFile } from './catalogue/file';
import { catalogueVersion, replaceCatalogue } from './catalogue/repository';
import type { CallContext } from './context';
import { type Database, openDatabase } from './db/sqlite';
import { DossierStore } from './dossier/store';
import { formRenderer } from './forms';
import type { Logger } from './log';
import { boundHeapGrowth } from './memory';
import { seedSampleOrganisation } from './office/sample';
import { type CredentialStore, fileCredentialStore } from './sync/credentials';
import { SyncEngine, type SyncEngineOptions } from './sync/engine';

export interface BackendOptions {
  /** The data folder: the database and attachments live here. */
  dataDir: string;
  /** The assets folder (sample catalogue, fonts). */
  assetsDir: string;
  version: string;
  log: Logger;
  /** The clock (tests pin it); Date.now by default. */
  now?: () => number;
  /**
   * Load the sample catalogue and organisation into an empty database (demo installations, the web
   * host, tests). A production desktop gets both from the server instead.
   */
  sampleData?: boolean;
  /**
   * The installation's 32-byte secret (electron/backend/accounts/secret.ts): the database is encrypted
   * with a key derived from it. Without it the database is plain (tests of other capabilities).
   */
  secret?: Buffer;
  /** The clock of sessions, idle lock and lockout (tests move it); Date.now by default. */
  accountsNow?: () => number;
  /**
   * Prepare the form renderer in the background (fonts parsed, a few receipts rendered) so the first
   * citizen's receipt prints as fast as the rest. The application turns it on; tests leave it off.
   */
  warmUpForms?: boolean;
  /**
   * Where the device credential for the central server is kept: the Electron shell passes one sealed
   * with safeStorage; by default a 0600 file in the data folder (web host, tests).
   */
  credentials?: CredentialStore;
  /** Sync engine settings (tests: transport, clock, delays); `autoStart: false` keeps the loop stopped. */
  sync?: Partial<Omit<SyncEngineOptions, 'db' | 'dossiers' | 'calendars' | 'dataDir' | 'credentials' | 'log'>> & {
    autoStart?: boolean;
  };
}

export interface Backend {
  db: Database;
  dossiers: DossierStore;
  accounts: Accounts;
  /** Sync with the central server (its loop runs unless `sync.autoStart` is false). */
  sync: SyncEngine;
  /**
   * The AES-256-GCM key for attachment files (sealFile/openSealed in accounts/secret.ts), derived from
   * the same secret as the database key; null when the backend runs without a secret.
   */
  attachmentsKey: Buffer | null;
  handlers: Handlers<CallContext>;
  /** Validate, run and wrap one contract call (what both bridges call). */
  call(name: string, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  close(): void;
}

export const databaseFileName = 'motcua.sqlite';
export const sampleCatalogue = (assetsDir: string) => join(assetsDir, 'catalogue', 'procedures.sample.json');

/**
 * Opens the desktop back end on a data folder: migrates the database and, for a demo installation,
 * loads the sample catalogue and organisation on first start.
 */
export function openBackend(options: BackendOptions): Backend {
  boundHeapGrowth();
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, databaseFileName), {
    key: options.secret ? deriveKey(options.secret, 'database') : undefined,
  });
  const linked = chainUnlinkedEvents(db);
  if (linked) options.log.info({ events: linked }, 'events written before the audit trail linked into it');
  if (options.sampleData && catalogueVersion(db) === null && existsSync(sampleCatalogue(options.assetsDir))) {
    replaceCatalogue(db, parseCatalogueFile(readFileSync(sampleCatalogue(options.assetsDir), 'utf8'), 'vi'));
    options.log.info({ file: sampleCatalogue(options.assetsDir) }, 'sample catalogue loaded');
  }
  if (options.sampleData && seedSampleOrganisation(db, options.assetsDir)) {
    options.log.info('sample organisation loaded');
  }
  const attachmentsKey = options.secret ? deriveKey(options.secret, 'attachments') : null;
  const calendars = new CalendarStore(db);
  const dossiers = new DossierStore(db, calendars, options.now, (events) => chainEvents(db, events));
  const accounts = new Accounts(db, { now: options.accountsNow, log: options.log });
  const { autoStart = true, ...syncSettings } = options.sync ?? {};
  const sync = new SyncEngine({
    now: options.now,
    ...syncSettings,
    db,
    dossiers,
    calendars,
    dataDir: options.dataDir,
    attachmentsKey,
    credentials: options.credentials ?? fileCredentialStore(options.dataDir),
    log: options.log,
  });
  if (autoStart) sync.start();
  const deps: ApiDeps = {
    db,
    version: options.version,
    calendars,
    dossiers,
    dataDir: options.dataDir,
    assetsDir: options.assetsDir,
    accounts,
    sync,
    attachmentsKey,
    credentials: options.credentials ?? fileCredentialStore(options.dataDir),
  };
  const handlers = createHandlers(deps);
  if (attachmentsKey && existsSync(join(options.dataDir, 'attachments'))) {
    // Files written before attachments were sealed: seal them in the background (readers accept both).
    new AttachmentStore(options.dataDir, { key: attachmentsKey })
      .sealPlainFiles()
      .then((report) => {
        if (report.sealed || report.corrupt) options.log.info(report, 'attachment files sealed at rest');
      })
      .catch((error: unknown) => options.log.warn({ err: error }, 'sealing attachment files failed'));
  }
  if (options.warmUpForms) {
    formRenderer({ assetsDir: options.assetsDir })
      .then((renderer) => renderer.warmUp())
      .catch((error: unknown) => options.log.warn({ err: error }, 'form renderer warm-up failed'));
  }
  return {
    db,
    dossiers,
    accounts,
    sync,
    attachmentsKey,
    handlers,
    call: (name, input, ctx) => {
      // The caller is who the session says, whatever the bridge or the input claim.
      const principal = accounts.principal(ctx.session);
      const context: CallContext = {
        language: ctx.language,
        session: ctx.session,
        setSession: ctx.setSession,
        user: principal?.user,
      };
      return dispatch(handlers, name, input, context, {
        language: ctx.language,
        principal: principal ? { roles: principal.user.roles, locked: principal.locked } : null,
        onInternalError: (call, error) => options.log.error({ call, err: error }, 'call failed'),
      });
    },
    close: () => {
      sync.stop();
      db.close();
    },
  };
}
