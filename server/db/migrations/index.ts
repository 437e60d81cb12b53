import { sql as organisation } from './001-organisation';
import { sql as events } from './002-events';
import { sql as numbersAttachmentsReference } from './003-numbers-attachments-reference';
import { sql as reportDossiers } from './004-report-dossiers';
import { sql as users } from './005-users';
import { sql as userDepartures } from './006-user-departures';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order. Only add at the end; never edit one that was released. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'organisation', sql: organisation },
  { version: 2, name: 'events', sql: events },
  { version: 3, name: 'numbers-attachments-reference', sql: numbersAttachmentsReference },
  { version: 4, name: 'report-dossiers', sql: reportDossiers },
  { version: 5, name: 'users', sql: users },
  { version: 6, name: 'user-departures', sql: userDepartures },
];
