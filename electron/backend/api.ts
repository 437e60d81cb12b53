import type { Handlers } from '../../shared/contract/api';
import type { CalendarStore } from './calendar/store';
import { catalogueHandlers } from './catalogue/handlers';
import { catalogueVersion } from './catalogue/repository';
import type { CallContext } from './context';
import type { Database } from './db/sqlite';
import { dossierHandlers } from './dossier/handlers';
import type { DossierStore } from './dossier/store';
import { officeHandlers } from './office/handlers';

export interface ApiDeps {
  db: Database;
  version: string;
  calendars: CalendarStore;
  dossiers: DossierStore;
}

/** The contract implemented by calling the capabilities: each contributes the handlers of its calls. */
export function createHandlers({ db, version, calendars, dossiers }: ApiDeps): Handlers<CallContext> {
  return {
    'app.info': () => ({
      name: 'Một Cửa',
      version,
      schemaVersion: db.schemaVersion(),
      catalogueVersion: catalogueVersion(db),
    }),
    ...catalogueHandlers(db),
    ...officeHandlers(db),
    ...dossierHandlers(db, dossiers, calendars),
  };
}
