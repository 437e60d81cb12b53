import type { Handlers } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/result';
import type { Language } from '../../shared/i18n';
import { parseCatalogueFile } from './catalogue/file';
import { catalogueVersion, getProcedure, listFields, replaceCatalogue, searchProcedures } from './catalogue/repository';
import type { Database } from './db/sqlite';

/** Who is calling and in which language they read; filled in by the bridge. */
export interface CallContext {
  language: Language;
}

export interface ApiDeps {
  db: Database;
  version: string;
}

/** The contract implemented by calling the capabilities. */
export function createHandlers({ db, version }: ApiDeps): Handlers<CallContext> {
  return {
    'app.info': () => ({
      name: 'Một Cửa',
      version,
      schemaVersion: db.schemaVersion(),
      catalogueVersion: catalogueVersion(db),
    }),
    'catalogue.fields': () => listFields(db),
    'catalogue.search': (input) => searchProcedures(db, input),
    'catalogue.get': ({ code }) => {
      const procedure = getProcedure(db, code);
      if (!procedure) throw new AppError('PROCEDURE_NOT_FOUND', { code });
      return procedure;
    },
    'catalogue.import': ({ content }, ctx) => {
      const file = parseCatalogueFile(content, ctx.language);
      replaceCatalogue(db, file);
      return { version: file.version, procedures: file.procedures.length, fields: file.fields.length };
    },
  };
}
