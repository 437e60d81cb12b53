import type { Handlers } from '../../shared/contract/api';
import { attachmentsHandlers } from './attachments/handlers';
import { calendarHandlers } from './calendar/handlers';
import type { CalendarStore } from './calendar/store';
import { catalogueHandlers } from './catalogue/handlers';
import { catalogueVersion } from './catalogue/repository';
import type { CallContext } from './context';
import type { Database } from './db/sqlite';
import { dossierHandlers } from './dossier/handlers';
import type { DossierStore } from './dossier/store';
import { officeHandlers } from './office/handlers';
import { scanHandlers } from './scan/handlers';

export interface ApiDeps {
  db: Database;
  version: string;
  calendars: CalendarStore;
  dossiers: DossierStore;
  /** The data folder (attachments, scan sessions). */
  dataDir: string;
}

/** The contract implemented by calling the capabilities: each contributes the handlers of its calls. */
export function createHandlers({ db, version, calendars, dossiers, dataDir }: ApiDeps): Handlers<CallContext> {
  return {
    'app.info': () => ({
      name: 'Một Cửa',
      version,
      schemaVersion: db.schemaVersion(),
      catalogueVersion: catalogueVersion(db),
    }),
    ...catalogueHandlers(db),
    ...scanHandlers({ db, dataDir }),
    ...attachmentsHandlers({ db, dataDir }),
    ...officeHandlers(db),
    ...dossierHandlers(db, dossiers, calendars),
    ...calendarHandlers(calendars, dossiers),
  };
}
