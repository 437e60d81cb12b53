import { formatInstant } from '../../../shared/calendar/time';
import { formatDossierCode, isDossierCode, parseDossierCode } from '../../../shared/codes/dossier-code';
import type { DossierRow, Queue } from '../../../shared/contract/dossier';
import { addWorkingTime } from '../../../shared/deadline/engine';
import type { CalendarStore } from '../calendar/store';
import { ftsQuery } from '../db/fts';
import type { Database } from '../db/sqlite';
import type { DossierStore, ProjectionRow } from './store';

export interface QueueScope {
  officeId: string;
  userId: string;
}

const ONE_WORKING_DAY_MS = 8 * 60 * 60_000;

/**
 * The work queues of the dossier list, as SQL conditions over the projection. "Due soon" is within one
 * working day of now by the office calendar; "late" is past due and neither paused nor processed.
 */
function queueCondition(
  queue: Queue,
  at: { now: string; soon: string; todayStart: string },
): { sql: string; args: string[] } {
  switch (queue) {
    case 'all':
      return { sql: '1', args: [] };
    case 'mine':
      return { sql: 'd.received_by = @user AND d.closed = 0', args: [] };
    case 'today':
      return { sql: 'd.received_at >= ?', args: [at.todayStart] };
    case 'supplement':
      return { sql: 'd.status = 5', args: [] };
    case 'processing':
      return { sql: 'd.status IN (2, 4, 6)', args: [] };
    case 'ready':
      return { sql: 'd.status = 9', args: [] };
    case 'dueSoon':
      return {
        sql: 'd.closed = 0 AND d.status IN (2, 4) AND d.paused_since IS NULL AND d.due_at >= ? AND d.due_at <= ?',
        args: [at.now, at.soon],
      };
    case 'late':
      return { sql: 'd.closed = 0 AND d.status IN (2, 4) AND d.paused_since IS NULL AND d.due_at < ?', args: [at.now] };
    case 'closed':
      return { sql: 'd.closed = 1', args: [] };
  }
}

const queueOrder: Record<Queue, string> = {
  all: 'd.received_at DESC',
  mine: 'd.due_at IS NULL, d.due_at',
  today: 'd.received_at DESC',
  supplement: 'd.paused_since',
  processing: 'd.due_at IS NULL, d.due_at',
  ready: 'd.result_at',
  dueSoon: 'd.due_at',
  late: 'd.due_at',
  closed: 'd.received_at DESC',
};

export class DossierQueries {
  constructor(
    private readonly db: Database,
    private readonly store: DossierStore,
    private readonly calendars: CalendarStore,
  ) {}

  private instants() {
    const now = this.store.nowMs();
    return {
      now: formatInstant(now),
      soon: formatInstant(addWorkingTime(this.calendars.calendar(), now, ONE_WORKING_DAY_MS)),
      todayStart: `${this.store.today()}T00:00:00+07:00`,
    };
  }

  list(
    scope: QueueScope,
    params: { queue: Queue; query: string; limit: number; offset: number },
  ): { total: number; items: DossierRow[] } {
    const at = this.instants();
    const queue = queueCondition(params.queue, at);
    const where = ['(d.holder_office_id = @office OR d.receiving_office_id = @office)', queue.sql];
    const args: string[] = [...queue.args];
    let from = 'dossier d';
    const query = params.query.trim();
    if (query) {
      if (isDossierCode(query)) {
        where.push('d.code = ?');
        args.push(formatDossierCode(parseDossierCode(query)));
      } else {
        const match = ftsQuery(query);
        if (match) {
          from = 'dossier_fts f JOIN dossier d ON d.rowid = f.rowid';
          where.push('dossier_fts MATCH ?');
          args.push(match);
        }
      }
    }
    const named = { office: scope.officeId, user: scope.userId };
    const sqlWhere = where.join(' AND ');
    const [countSql, ...countArgs] = this.bind(`SELECT COUNT(*) AS n FROM ${from} WHERE ${sqlWhere}`, named, args);
    const total = this.db.get<{ n: number }>(countSql, ...countArgs)?.n ?? 0;
    const [listSql, ...listArgs] = this.bind(
      `SELECT d.* FROM ${from} WHERE ${sqlWhere} ORDER BY ${queueOrder[params.queue]} LIMIT ${params.limit} OFFSET ${params.offset}`,
      named,
      args,
    );
    const rows = this.db.all<ProjectionRow>(listSql, ...listArgs);
    return { total, items: rows.map((r) => this.store.toRow(r)) };
  }

  counts(scope: QueueScope): Record<Queue, number> {
    const at = this.instants();
    const queues: Queue[] = ['all', 'mine', 'today', 'supplement', 'processing', 'ready', 'dueSoon', 'late', 'closed'];
    const parts = queues.map((q) => {
      const c = queueCondition(q, at);
      return { sql: `SUM(CASE WHEN ${c.sql} THEN 1 ELSE 0 END) AS "${q}"`, args: c.args };
    });
    const [sql, ...args] = this.bind(
      `SELECT ${parts.map((p) => p.sql).join(', ')} FROM dossier d
        WHERE (d.holder_office_id = @office OR d.receiving_office_id = @office)`,
      { office: scope.officeId, user: scope.userId },
      parts.flatMap((p) => p.args),
    );
    const row = this.db.get<Record<Queue, number | null>>(sql, ...args);
    return Object.fromEntries(queues.map((q) => [q, row?.[q] ?? 0])) as Record<Queue, number>;
  }

  /** Replaces @office / @user with positional parameters in the order they appear. */
  private bind(sql: string, named: Record<string, string>, positional: string[]): [string, ...string[]] {
    const out: string[] = [];
    let i = 0;
    const text = sql.replace(/@(\w+)|\?/g, (m, name: string | undefined) => {
      if (name) {
        out.push(named[name] ?? '');
        return '?';
      }
      out.push(positional[i++] ?? '');
      return m;
    });
    return [text, ...out];
  }
}
