import { createCalendar, type WorkingCalendar } from '../../../shared/calendar/calendar';
import { type CalendarFile, calendarFileSchema } from '../../../shared/calendar/schema';
import { getMetaJson, setMetaJson } from '../db/meta';
import type { Database } from '../db/sqlite';

/**
 * The working calendar in force on this desktop: the calendar file an administrator loaded (or the
 * server distributed), else the Labor Code defaults. Cached until it is replaced.
 */
export class CalendarStore {
  private cached: WorkingCalendar | undefined;
  constructor(private readonly db: Database) {}

  file(): CalendarFile {
    return calendarFileSchema.parse(getMetaJson<unknown>(this.db, 'calendar.file') ?? {});
  }

  calendar(): WorkingCalendar {
    this.cached ??= createCalendar(this.file());
    return this.cached;
  }

  /** Replaces the calendar; open dossiers' deadlines are recomputed by the caller from their events. */
  replace(file: CalendarFile): void {
    setMetaJson(this.db, 'calendar.file', file);
    this.cached = undefined;
  }
}
