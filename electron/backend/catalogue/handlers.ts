import type { HandlersOf } from '../../../shared/contract/api';
import type { catalogueCalls } from '../../../shared/contract/catalogue';
import { AppError } from '../../../shared/contract/result';
import type { CallContext } from '../context';
import type { Database } from '../db/sqlite';
import { parseCatalogueFile } from './file';
import { getProcedure, listFields, replaceCatalogue, searchProcedures } from './repository';

export function catalogueHandlers(db: Database): HandlersOf<typeof catalogueCalls, CallContext> {
  return {
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
