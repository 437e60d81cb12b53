import type { HandlersOf } from '../../../shared/contract/api';
import type { officeCalls } from '../../../shared/contract/office';
import type { CallContext } from '../context';
import type { Database } from '../db/sqlite';
import { getDesk, listCounters, listOffices, saveCounter, saveOffice, setDesk } from './repository';

export function officeHandlers(db: Database): HandlersOf<typeof officeCalls, CallContext> {
  return {
    'office.list': () => listOffices(db),
    'office.save': (office) => saveOffice(db, office),
    'counter.list': () => listCounters(db),
    'counter.save': (counter) => saveCounter(db, counter),
    'desk.get': () => getDesk(db),
    'desk.set': (desk) => setDesk(db, desk),
  };
}
