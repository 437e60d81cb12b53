import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyServerNumbering, type NumberBlock, reserveBlock } from '../../shared/codes/numbering';
import { MAX_RESPONSE_BYTES } from '../../shared/sync/protocol';
import {
  addOffices,
  backends,
  type Enrolled,
  enrol,
  event,
  OFFICES,
  push,
  receivedPayload,
  type Setup,
  startServer,
} from './fixtures';

for (const [name, open] of Object.entries(backends)) {
  describe(`number blocks and page bounds on ${name}`, () => {
    let setup: Setup;
    let app: FastifyInstance;
    let desks: Enrolled[];
    let b: Enrolled;

    beforeAll(async () => {
      setup = await open();
      app = await startServer(setup);
      await addOffices(setup.db);
      desks = [];
      for (let i = 0; i < 3; i++) desks.push(await enrol(app, setup.db, OFFICES.a.id, `Quầy ${i + 1}`));
      b = await enrol(app, setup.db, OFFICES.b.id);
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await setup.cleanup();
    });

    const reserve = async (device: Enrolled, body: unknown) => {
      const res = await app.inject({
        method: 'POST',
        url: '/sync/v1/numbers',
        headers: device.headers,
        payload: body as object,
      });
      return {
        status: res.statusCode,
        value: res.json().value as { blocks: NumberBlock[]; full: string[] },
        body: res.json(),
      };
    };

    it('never hands out overlapping blocks to desktops asking at the same time', async () => {
      const dates = ['2025-08-04', '2025-08-05'];
      const requests = Array.from({ length: 30 }, (_, i) => reserve(desks[i % 3] as Enrolled, { dates, size: 37 }));
      const answers = await Promise.all(requests);
      expect(answers.every((x) => x.status === 200)).toBe(true);
      for (const date of dates) {
        const blocks = answers
          .flatMap((x) => x.value.blocks)
          .filter((blk) => blk.date === date)
          .sort((x, y) => x.from - y.from);
        expect(blocks).toHaveLength(30);
        expect(blocks.every((blk) => blk.agencyId === OFFICES.a.agencyId)).toBe(true);
        // Contiguous and disjoint: each block starts right after the previous one.
        blocks.forEach((blk, i) => {
          expect(blk.from).toBe(i === 0 ? 1 : (blocks[i - 1]?.to ?? 0) + 1);
          expect(blk.to - blk.from + 1).toBe(37);
        });
        // The same blocks as the domain's reserveBlock would give, one after the other.
        let state = emptyServerNumbering();
        const expected: NumberBlock[] = [];
        for (let i = 0; i < 30; i++) {
          const r = reserveBlock(state, { agencyId: OFFICES.a.agencyId, date, size: 37 });
          state = r.state;
          expected.push(r.block);
        }
        expect(blocks).toEqual(expected);
      }
      // Another agency counts on its own.
      const other = await reserve(b, { dates: ['2025-08-04'] });
      expect(other.value.blocks).toEqual([{ agencyId: OFFICES.b.agencyId, date: '2025-08-04', from: 1, to: 50 }]);
      const grants = await setup.db.query<{ n: string }>('SELECT count(*) AS n FROM number_block_grants');
      expect(Number(grants[0]?.n)).toBe(61);
    });

    it('stops at the end of the server range and says which dates are full', async () => {
      const date = '2025-08-06';
      const seen: NumberBlock[] = [];
      let full: string[] = [];
      for (let i = 0; i < 13; i++) {
        const r = await reserve(desks[0] as Enrolled, { dates: [date], size: 500 });
        seen.push(...r.value.blocks);
        full = r.value.full;
      }
      expect(seen).toHaveLength(12);
      expect(seen.at(-1)).toMatchObject({ from: 5501, to: 5999 });
      expect(full).toEqual([date]);
    });

    it('refuses malformed requests', async () => {
      expect((await reserve(desks[0] as Enrolled, { dates: ['2025-02-30'] })).status).toBe(400);
      expect((await reserve(desks[0] as Enrolled, { dates: [] })).status).toBe(400);
      expect((await reserve(desks[0] as Enrolled, { dates: ['2025-08-01'], size: 100_000 })).status).toBe(400);
    });

    it('keeps every pull page under 5 MB and loses nothing across pages', async () => {
      const big = (i: number) =>
        event(
          'received',
          '2025-08-07T08:00',
          receivedPayload(`000.00.07.H56-250807-${String(i + 1).padStart(4, '0')}`, {
            note: 'Ghi chú '.repeat(240),
            components: Array.from({ length: 200 }, (_, k) => ({
              name: `Thành phần hồ sơ số ${k} — ${'bản sao có chứng thực '.repeat(20)}`,
              copies: { original: 1, certified: 0, photocopy: 0 },
            })),
          }),
          { officeId: 'xa-b', dossierId: `d-big-${i}`, deviceId: b.deviceId },
        );
      const all = Array.from({ length: 60 }, (_, i) => big(i));
      const eventBytes = Buffer.byteLength(JSON.stringify(all[0]));
      expect(eventBytes).toBeGreaterThan(100_000);
      for (const batch of [all.slice(0, 30), all.slice(30)]) {
        const res = await push(app, b, batch);
        expect(res.acks.every((x) => x.status === 'accepted')).toBe(true);
      }
      let cursor = 0;
      const ids: string[] = [];
      const sizes: number[] = [];
      for (let page = 0; page < 10; page++) {
        const res = await app.inject({
          method: 'GET',
          url: `/sync/v1/pull?after=${cursor}&limit=5000`,
          headers: b.headers,
        });
        sizes.push(Buffer.byteLength(res.body));
        const value = res.json().value;
        ids.push(...value.events.map((e: { event: { id: string } }) => e.event.id));
        cursor = value.nextCursor;
        if (!value.hasMore) break;
      }
      expect(sizes.length).toBeGreaterThan(1);
      for (const size of sizes) expect(size).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
      expect(ids).toEqual(all.map((e) => e.id));
    });
  });
}
