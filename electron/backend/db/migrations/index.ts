import { m001Catalogue } from './001-catalogue';
import { m002Dossiers } from './002-dossiers';
import { m003Attachments } from './003-attachments';
import { m004Accounts } from './004-accounts';
import { m005Sync } from './005-sync';
import { m006ReportIndexes } from './006-report-indexes';
import { m007QueueCounts } from './007-queue-counts';
import { m008ProjectionBacklog } from './008-projection-backlog';
import { m009OfficeCountsInStore } from './009-office-counts-in-store';

export interface Migration {
  version: number;
  name: string;
  /**
   * SQL that never drops or rewrites user data: it adds tables, columns, indexes and rows, or drops a
   * trigger whose work moved into code (migration 9).
   */
  up: string;
}

/** Every migration, in order. Append new ones; never edit a released one. */
export const migrations: readonly Migration[] = [
  m001Catalogue,
  m002Dossiers,
  m003Attachments,
  m004Accounts,
  m005Sync,
  m006ReportIndexes,
  m007QueueCounts,
  m008ProjectionBacklog,
  m009OfficeCountsInStore,
];
