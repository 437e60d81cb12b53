import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../../electron/backend/db/sqlite';
import { type Placement, recountOffices } from '../../../electron/backend/dossier/office-counts';
import { instantMs } from '../../../shared/calendar/time';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { Result } from '../../../shared/contract/result';
import { openTestBackend, tempDir } from '../../helpers/backend';
import { officeTotals } from '../../helpers/office-counts';
import { prng } from '../../helpers/random';

describe('per-office queue counters (migrations 7 and 9)', () => {
  const { dir, remove } = tempDir('motcua-counts-');
  afterAll(remove);

  it('stay equal to a count of the projection rows, kept by triggers up to migration 8 and by the store after', () => {
    const file = join(dir, 'counts.sqlite');
    const offices = ['a', 'b', 'c', null] as const;
    const random = prng(7);
    const pick = () => offices[Math.floor(random() * offices.length)] ?? null;
    const insert = (db: Database, id: string) => {
      const row = { closed: random() < 0.3 ? 1 : 0, receiving_office_id: pick(), holder_office_id: pick() };
      db.run(
        `INSERT INTO dossier (id, status, closed, receiving_office_id, holder_office_id, state) VALUES (?, 2, ?, ?, ?, '{}')`,
        id,
        row.closed,
        row.receiving_office_id,
        row.holder_office_id,
      );
      return row;
    };
    const check = (db: Database, step: string) => {
      const { kept, counted } = officeTotals(db);
      expect(kept.length, `offices counted after ${step}`).toBeGreaterThan(0);
      expect(kept, `after ${step}`).toEqual(counted);
    };

    // Written at version 8: the triggers count.
    const old = openDatabase(file, { upTo: 8 });
    for (let i = 0; i < 30; i++) insert(old, `old${i}`);
    old.run(`UPDATE dossier SET closed = 1 - closed, holder_office_id = 'c' WHERE id IN ('old1', 'old2', 'old3')`);
    check(old, 'version 8');
    old.close();

    // Migration 9 drops the triggers; the counts carry over and the store's recount keeps them.
    const db = openDatabase(file);
    check(db, 'migration 9');
    const stored = (id: string) =>
      db.get<Placement>('SELECT closed, receiving_office_id, holder_office_id FROM dossier WHERE id = ?', id);
    for (let step = 0; step < 400; step++) {
      const ids = db.all<{ id: string }>('SELECT id FROM dossier').map((r) => r.id);
      const id = ids[Math.floor(random() * ids.length)] as string;
      const op = random();
      db.transaction(() => {
        if (op < 0.3) {
          recountOffices(db, null, insert(db, `d${step}`));
          return;
        }
        const before = stored(id) as Placement;
        if (op < 0.5) {
          db.run('UPDATE dossier SET closed = 1 - closed WHERE id = ?', id);
        } else if (op < 0.65) {
          db.run('UPDATE dossier SET holder_office_id = ? WHERE id = ?', pick(), id);
        } else if (op < 0.85) {
          db.run(
            'UPDATE dossier SET receiving_office_id = ?, holder_office_id = ?, closed = ? WHERE id = ?',
            pick(),
            pick(),
            random() < 0.5 ? 1 : 0,
            id,
          );
        }
        // Otherwise the row is written again unchanged, what the store does on most refolds.
        recountOffices(db, before, stored(id) as Placement);
      });
      check(db, `step ${step}`);
    }
    db.close();
  });

  it('give dossier.queues and the lists the same numbers as counting the rows', async () => {
    let now = instantMs('2026-11-23T09:00:00+07:00');
    const backend = openTestBackend({ now: () => now });
    try {
      const ctx = { language: 'vi' as const };
      const call = async <T>(name: string, input: unknown): Promise<T> => {
        const result = (await backend.call(name, input, ctx)) as Result<T>;
        if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
        return result.value;
      };
      const intake = (i: number) => ({
        procedureCode: '1.000894',
        applicant: { fullName: `Lê Văn ${i}`, idNumber: `0400880${String(i).padStart(5, '0')}` },
        components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
      });
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        now += 60_000;
        ids.push((await call<DossierDetail>('dossier.receive', intake(i))).row.id);
      }
      const act = (dossierId: string, type: string, payload: unknown) =>
        call<DossierDetail>('dossier.act', { dossierId, type, payload });
      await act(ids[0] as string, 'withdrawn', { reason: 'Công dân rút hồ sơ' });
      await act(ids[1] as string, 'result-recorded', { summary: 'Đã có kết quả' });
      await act(ids[2] as string, 'result-recorded', { summary: 'Đã có kết quả' });
      await act(ids[2] as string, 'returned', { collectedBy: { fullName: 'Lê Văn 2', relation: 'applicant' } });
      await act(ids[3] as string, 'transferred', { toOfficeId: 'xa-nam-dan' });
      // Every write above went through the store, which keeps the counts: the receiving office counts
      // the transferred dossier, and so does the office that now holds it.
      const { kept, counted } = officeTotals(backend.db);
      expect(kept).toEqual(counted);
      expect(kept.find((o) => o.office_id === 'xa-nam-dan')).toEqual({
        office_id: 'xa-nam-dan',
        total: 1,
        closed: 0,
      });
      now = instantMs('2026-11-25T09:00:00+07:00');

      const office = backend.db.get<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'desk.officeId'`)?.v;
      const count = (where: string, ...args: string[]) =>
        backend.db.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM dossier d WHERE (d.holder_office_id = ? OR d.receiving_office_id = ?) AND ${where}`,
          office as string,
          office as string,
          ...args,
        )?.n;
      const queues = await call<Record<string, number>>('dossier.queues', {});
      expect(queues).toEqual({
        all: count('1'),
        mine: count('d.received_by = ? AND d.closed = 0', backend.testUser().id),
        today: count('d.received_at >= ?', '2026-11-25T00:00:00+07:00'),
        supplement: count('d.status = 5'),
        processing: count('d.status IN (2, 4, 6)'),
        ready: count('d.status = 9'),
        dueSoon: 0,
        late: count(
          'd.closed = 0 AND d.status IN (2, 4) AND d.paused_since IS NULL AND d.due_at < ?',
          '2026-11-25T09:00:00+07:00',
        ),
        closed: count('d.closed = 1'),
      });
      expect(queues).toMatchObject({ all: 8, closed: 2, ready: 1, late: 5 });
      const all = await call<{ total: number; items: unknown[] }>('dossier.list', { queue: 'all', limit: 3 });
      expect(all.total).toBe(8);
      expect(all.items).toHaveLength(3);
      expect((await call<{ total: number }>('dossier.list', { queue: 'closed' })).total).toBe(2);
      // A text search counts its matches, also on a page past the end.
      const found = await call<{ total: number; items: unknown[] }>('dossier.list', { query: 'le van', limit: 5 });
      expect(found).toMatchObject({ total: 8 });
      expect(found.items).toHaveLength(5);
      const past = await call<{ total: number; items: unknown[] }>('dossier.list', { query: 'le van', offset: 50 });
      expect(past).toEqual({ total: 8, items: [] });
    } finally {
      backend.dispose();
    }
  });
});
