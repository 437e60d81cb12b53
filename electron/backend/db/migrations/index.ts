import { m001Catalogue } from './001-catalogue';
import { m002Dossiers } from './002-dossiers';
import { m003Attachments } from './003-attachments';
import { m004Accounts } from './004-accounts';
import { m005Sync } from './005-sync';
import { m006ReportIndexes } from './006-report-indexes';
import { m007QueueCounts } from './007-queue-counts';
import { m008ProjectionBacklog } from './008-projection-backlog';
import { m009OfficeCountsInStore } from './009-office-counts-in-store';
import { m010DropUnreadIndexes } from './010-drop-unread-indexes';

export interface Migration {
  version: number;
  name: string;
  /**
   * SQL that never drops or rewrites user data: it adds tables, columns, indexes and rows, drops a
   * trigger whose work moved into code (migration 9) or drops an index no query reads (migration 10).
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
  m010DropUnreadIndexes,
];
