import type { Handlers } from '../../shared/contract/api';
import { accountsHandlers } from './accounts/handlers';
import type { Accounts } from './accounts/service';
import { attachmentsHandlers } from './attachments/handlers';
import { calendarHandlers } from './calendar/handlers';
import type { CalendarStore } from './calendar/store';
import { catalogueHandlers } from './catalogue/handlers';
import { catalogueVersion } from './catalogue/repository';
import type { CallContext } from './context';
import type { Database } from './db/sqlite';
import { dossierHandlers } from './dossier/handlers';
import { FormPrinter } from './dossier/print';
import type { DossierStore } from './dossier/store';
import { officeHandlers } from './office/handlers';
import { reportsHandlers } from './reports/handlers';
import { remoteReports } from './reports/remote';
import { scanHandlers } from './scan/handlers';
import type { CredentialStore } from './sync/credentials';
import type { SyncEngine } from './sync/engine';
import { syncHandlers } from './sync/handlers';

export interface ApiDeps {
  db: Database;
  version: string;
  calendars: CalendarStore;
  dossiers: DossierStore;
  /** The data folder (attachments, scan sessions). */
  dataDir: string;
  /** The assets folder (form templates and fonts). */
  assetsDir: string;
  /** Users and sessions. */
  accounts: Accounts;
  /** Sync with the central server. */
  sync: SyncEngine;
  /** The device credential the sync engine uses; with it, reports ask the central server first. */
  credentials?: CredentialStore;
  /** Seals attachment files at rest; null (no installation secret) writes them plain. */
  attachmentsKey?: Buffer | null;
}

/** The contract implemented by calling the capabilities: each contributes the handlers of its calls. */
export function createHandlers({
  db,
  version,
  calendars,
  dossiers,
  dataDir,
  assetsDir,
  accounts,
  sync,
  attachmentsKey = null,
  credentials,
}: ApiDeps): Handlers<CallContext> {
  const printer = new FormPrinter(db, dossiers, assetsDir);
  return {
    'app.info': () => ({
      name: 'Một Cửa',
      version,
      schemaVersion: db.schemaVersion(),
      catalogueVersion: catalogueVersion(db),
    }),
    ...accountsHandlers(db, accounts),
    ...catalogueHandlers(db),
    ...scanHandlers({ db, dataDir, attachmentsKey }),
    ...attachmentsHandlers({ db, dataDir, attachmentsKey }),
    ...officeHandlers(db),
    ...dossierHandlers(db, dossiers, calendars),
    'forms.render': async ({ form, subject }) => {
      const { fileName, bytes } = await printer.render(form, subject);
      return { fileName, base64: Buffer.from(bytes).toString('base64') };
    },
    ...calendarHandlers(calendars, dossiers),
    ...reportsHandlers({
      db,
      dossiers,
      calendars,
      assetsDir,
      remote: credentials ? remoteReports({ status: () => sync.status(), credentials }) : undefined,
    }),
    ...syncHandlers(db, sync),
  };
}
