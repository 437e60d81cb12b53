import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/backend/db/sqlite';
import { instantMs } from '../../../shared/calendar/time';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { Result } from '../../../shared/contract/result';
import { openTestBackend, tempDir } from '../../helpers/backend';
import { prng } from '../../helpers/random';

describe('per-office queue counters (migration 7)', () => {
  const { dir, remove } = tempDir('motcua-counts-');
  afterAll(remove);

  it('always equal a count of the projection rows, whatever is inserted, updated or deleted', () => {
    const db = openDatabase(join(dir, 'counts.sqlite'));
    const offices = ['a', 'b', 'c', null] as const;
    const random = prng(7);
    const pick = () => offices[Math.floor(random() * offices.length)] ?? null;
    const check = (step: number) => {
      const kept = db.all<{ office_id: string; total: number; closed: number }>(
        'SELECT office_id, total, closed FROM dossier_office_count WHERE total <> 0 OR closed <> 0 ORDER BY office_id',
      );
      const counted = db.all<{ office_id: string; total: number; closed: number }>(
        `SELECT o.office_id, COUNT(*) AS total, SUM(d.closed) AS closed FROM (SELECT 'a' AS office_id UNION SELECT 'b' UNION SELECT 'c') o
           JOIN dossier d ON d.receiving_office_id = o.office_id OR d.holder_office_id = o.office_id
          GROUP BY o.office_id ORDER BY o.office_id`,
      );
      expect(kept, `after step ${step}`).toEqual(counted);
    };
    for (let step = 0; step < 400; step++) {
      const ids = db.all<{ id: string }>('SELECT id FROM dossier').map((r) => r.id);
      const id = ids[Math.floor(random() * ids.length)];
      const op = random();
      if (op < 0.4 || !id) {
        db.run(
          `INSERT INTO dossier (id, status, closed, receiving_office_id, holder_office_id, state) VALUES (?, 2, ?, ?, ?, '{}')`,
          `d${step}`,
          random() < 0.3 ? 1 : 0,
          pick(),
          pick(),
        );
      } else if (op < 0.6) {
        db.run('UPDATE dossier SET closed = 1 - closed WHERE id = ?', id);
      } else if (op < 0.75) {
        db.run('UPDATE dossier SET holder_office_id = ? WHERE id = ?', pick(), id);
      } else if (op < 0.85) {
        db.run(
          'UPDATE dossier SET receiving_office_id = ?, holder_office_id = ?, closed = ? WHERE id = ?',
          pick(),
          pick(),
          random() < 0.5 ? 1 : 0,
          id,
        );
      } else if (op < 0.93) {
        // What the store does on every refold: every column written again, often unchanged.
        db.run(
          'UPDATE dossier SET status = status, closed = closed, receiving_office_id = receiving_office_id WHERE id = ?',
          id,
        );
      } else {
        db.run('DELETE FROM dossier WHERE id = ?', id);
      }
      check(step);
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
