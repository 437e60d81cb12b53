import type { Handlers } from '../../shared/contract/api';
import { catalogueHandlers } from './catalogue/handlers';
import { catalogueVersion } from './catalogue/repository';
import type { CallContext } from './context';
import type { Database } from './db/sqlite';

export interface ApiDeps {
  db: Database;
  version: string;
}

/** The contract implemented by calling the capabilities: each contributes the handlers of its calls. */
export function createHandlers({ db, version }: ApiDeps): Handlers<CallContext> {
  return {
    'app.info': () => ({
      name: 'Một Cửa',
      version,
      schemaVersion: db.schemaVersion(),
      catalogueVersion: catalogueVersion(db),
    }),
    ...catalogueHandlers(db),
  };
}
