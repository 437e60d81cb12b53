import { createCalendar, type WorkingCalendar } from '../../../shared/calendar/calendar';
import { type CalendarFile, calendarFileSchema } from '../../../shared/calendar/schema';
import { getMetaJson, setMetaJson } from '../db/meta';
import type { Database } from '../db/sqlite';

/** Where the calendar in force came from (the file's name and when it was loaded). */
export interface CalendarOrigin {
  fileName: string | null;
  at: string;
}

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

  /** The file in force and when it was loaded, or null while the defaults apply. */
  origin(): CalendarOrigin | null {
    return getMetaJson<CalendarOrigin>(this.db, 'calendar.origin') ?? null;
  }

  /** Replaces the calendar; open dossiers' deadlines are recomputed by the caller from their events. */
  replace(file: CalendarFile, origin?: CalendarOrigin): void {
    setMetaJson(this.db, 'calendar.file', file);
    if (origin) setMetaJson(this.db, 'calendar.origin', origin);
    this.cached = undefined;
  }

  /**
   * Replaces the calendar and runs `then` (recomputing deadlines) in one transaction: if `then`
   * throws, the previous calendar stays in force, in the database and in the cache.
   */
  replaceThen<T>(file: CalendarFile, origin: CalendarOrigin, then: () => T): T {
    try {
      return this.db.transaction(() => {
        this.replace(file, origin);
        return then();
      });
    } finally {
      this.cached = undefined;
    }
  }
}
