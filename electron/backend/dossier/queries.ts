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
    const order = queueOrder[params.queue];
    if (from !== 'dossier d') {
      // A full-text search: the match runs once (materialised with the columns the order needs), and the
      // count and the page are taken from it, instead of matching twice.
      const matched = `WITH m AS MATERIALIZED (
           SELECT d.rowid AS rid, d.received_at, d.due_at, d.paused_since, d.result_at FROM ${from} WHERE ${sqlWhere}
         )`;
      const [sql, ...sqlArgs] = this.bind(
        `${matched} SELECT d.*, (SELECT COUNT(*) FROM m) AS total FROM m JOIN dossier d ON d.rowid = m.rid
          ORDER BY ${order.replaceAll('d.', 'm.')} LIMIT ${params.limit} OFFSET ${params.offset}`,
        named,
        args,
      );
      const rows = this.db.all<ProjectionRow & { total: number }>(sql, ...sqlArgs);
      let total = rows[0]?.total;
      if (total === undefined) {
        // A page past the end: the count alone.
        const [countSql, ...countArgs] = this.bind(`${matched} SELECT COUNT(*) AS n FROM m`, named, args);
        total = this.db.get<{ n: number }>(countSql, ...countArgs)?.n ?? 0;
      }
      return { total, items: rows.map(({ total: _total, ...r }) => this.store.toRow(r)) };
    }
    let total: number;
    if (!query && (params.queue === 'all' || params.queue === 'closed')) {
      const totals = this.officeTotals(scope.officeId);
      total = params.queue === 'all' ? totals.total : totals.closed;
    } else {
      const [countSql, ...countArgs] = this.bind(`SELECT COUNT(*) AS n FROM ${from} WHERE ${sqlWhere}`, named, args);
      total = this.db.get<{ n: number }>(countSql, ...countArgs)?.n ?? 0;
    }
    const [listSql, ...listArgs] = this.bind(
      `SELECT d.* FROM ${from} WHERE ${sqlWhere} ORDER BY ${order} LIMIT ${params.limit} OFFSET ${params.offset}`,
      named,
      args,
    );
    const rows = this.db.all<ProjectionRow>(listSql, ...listArgs);
    return { total, items: rows.map((r) => this.store.toRow(r)) };
  }

  /**
   * The queues' counts. "All" and "closed" span the office's whole history: they come from the per-office
   * counters the projection's triggers keep (migration 7). The other queues hold open dossiers only and are
   * counted on the partial index of open dossiers; "today" on the index of receipt times.
   */
  counts(scope: QueueScope): Record<Queue, number> {
    const at = this.instants();
    const named = { office: scope.officeId, user: scope.userId };
    const office = `(d.holder_office_id = @office OR d.receiving_office_id = @office)`;
    const open: Queue[] = ['mine', 'supplement', 'processing', 'ready', 'dueSoon', 'late'];
    const parts = open.map((q) => {
      const c = queueCondition(q, at);
      return { sql: `SUM(CASE WHEN ${c.sql} THEN 1 ELSE 0 END) AS "${q}"`, args: c.args };
    });
    const [openSql, ...openArgs] = this.bind(
      `SELECT ${parts.map((p) => p.sql).join(', ')} FROM dossier d INDEXED BY dossier_open_cover
        WHERE d.closed = 0 AND ${office}`,
      named,
      parts.flatMap((p) => p.args),
    );
    const row = this.db.get<Record<Queue, number | null>>(openSql, ...openArgs);
    const today = queueCondition('today', at);
    const [todaySql, ...todayArgs] = this.bind(
      `SELECT COUNT(*) AS n FROM dossier d WHERE ${today.sql} AND ${office}`,
      named,
      today.args,
    );
    const totals = this.officeTotals(scope.officeId);
    return {
      all: totals.total,
      mine: row?.mine ?? 0,
      today: this.db.get<{ n: number }>(todaySql, ...todayArgs)?.n ?? 0,
      supplement: row?.supplement ?? 0,
      processing: row?.processing ?? 0,
      ready: row?.ready ?? 0,
      dueSoon: row?.dueSoon ?? 0,
      late: row?.late ?? 0,
      closed: totals.closed,
    };
  }

  /** How many dossiers the office receives or holds, and how many of them are closed (migration 7). */
  private officeTotals(officeId: string): { total: number; closed: number } {
    return (
      this.db.get<{ total: number; closed: number }>(
        'SELECT total, closed FROM dossier_office_count WHERE office_id = ?',
        officeId,
      ) ?? { total: 0, closed: 0 }
    );
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
