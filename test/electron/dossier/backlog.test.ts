import { afterAll, describe, expect, it } from 'vitest';
import { history } from '../../../bench/sync-data';
import { type DossierEvent, dossierEventSchema } from '../../../shared/dossier/events';
import { fold } from '../../../shared/dossier/fold';
import { stateColumns } from '../../../shared/dossier/stored';
import { openTestBackend } from '../../helpers/backend';

describe('the projection backlog, projected a batch at a time', () => {
  const backend = openTestBackend({ user: false });
  afterAll(() => backend.dispose());

  it('gives each waiting dossier its own events, also around one whose only event was refused', () => {
    // Four open dossiers (received, one step), pulled as one page: each waits in the backlog.
    const dossiers = [0, 1, 2, 3].map((i) =>
      history(i, 'desk-backlog', Date.parse('2025-01-06T01:00:00Z'))
        .slice(0, i === 2 ? 1 : 2)
        .map((e) => dossierEventSchema.parse(e)),
    );
    const items = dossiers.flat().map((event, n) => ({ event, serverSeq: n + 1 }));
    expect(backend.dossiers.applyPulled(items, { defer: true }).added).toBe(7);
    const count = (sql: string) => backend.db.get<{ n: number }>(sql)?.n;
    expect(count('SELECT count(*) AS n FROM projection_backlog')).toBe(4);
    expect(count('SELECT count(*) AS n FROM dossier')).toBe(0);

    // The server refused the third dossier's one event: it stays in the log, out of every fold.
    const [refused] = dossiers[2] as DossierEvent[];
    expect(backend.dossiers.markRejected([refused?.id ?? ''], '2025-01-07T08:00:00+07:00')).toBe(1);

    expect(backend.dossiers.projectBacklog(10)).toBe(4);
    expect(count('SELECT count(*) AS n FROM projection_backlog')).toBe(0);
    const rows = backend.db.all<{ id: string; code: string; applicant_name: string; status: number; due_at: string }>(
      'SELECT id, code, applicant_name, status, due_at FROM dossier ORDER BY id',
    );
    const ctx = backend.dossiers.foldContext();
    const expected = [0, 1, 3].map((i) => {
      const events = dossiers[i] as DossierEvent[];
      const state = fold(events, ctx, events[0]?.dossierId);
      const { id, code, applicant_name, status, due_at } = { ...stateColumns(state), id: state.dossierId };
      return { id, code, applicant_name, status, due_at };
    });
    expect(rows).toEqual(expected);
    expect(rows.map((r) => r.applicant_name)).toEqual(['Nguyễn Thị Hồng 0', 'Nguyễn Thị Hồng 1', 'Nguyễn Thị Hồng 3']);
    expect(rows.every((r) => r.due_at !== null)).toBe(true);
  });
});
