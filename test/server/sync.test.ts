import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../server/enrolment/devices';
import { addScope } from '../../server/office/offices';
import { SERVER_TIME_HEADER } from '../../shared/sync/protocol';
import {
  addOffices,
  backends,
  type Enrolled,
  enrol,
  event,
  OFFICES,
  pullAll,
  push,
  receivedPayload,
  type Setup,
  startServer,
} from './fixtures';

for (const [name, open] of Object.entries(backends)) {
  describe(`sync protocol v1 on ${name}`, () => {
    let setup: Setup;
    let app: FastifyInstance;
    let a: Enrolled;
    let a2: Enrolled;
    let b: Enrolled;
    let c: Enrolled;

    beforeAll(async () => {
      setup = await open();
      app = await startServer(setup);
      await addOffices(setup.db);
      a = await enrol(app, setup.db, OFFICES.a.id, 'Quầy 1 xã A');
      a2 = await enrol(app, setup.db, OFFICES.a.id, 'Quầy 2 xã A');
      b = await enrol(app, setup.db, OFFICES.b.id, 'Quầy 1 xã B');
      c = await enrol(app, setup.db, OFFICES.c.id, 'Sở Tư pháp');
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await setup.cleanup();
    });

    const count = async (sql: string, params: unknown[] = []) =>
      Number((await setup.db.query<{ n: string }>(sql, params))[0]?.n);

    describe('enrolment and authentication', () => {
      it('gives each device of an agency its own slot and the office', async () => {
        expect(a.office).toMatchObject({ id: 'xa-a', agencyId: '000.00.06.H56' });
        expect(a.slotCount).toBe(40);
        expect(new Set([a.slot, a2.slot]).size).toBe(2);
        expect(a.token).toBe(`${a.deviceId}.${a.secret}`);
        const [row] = await setup.db.query<{ credential_hash: string }>(
          'SELECT credential_hash FROM devices WHERE id = $1',
          [a.deviceId],
        );
        // Only a hash is stored, never the secret.
        expect(row?.credential_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row?.credential_hash).not.toContain(a.secret);
      });

      it('accepts an enrolment code once only', async () => {
        const { issueEnrolmentCode } = await import('../../server/enrolment/devices');
        const { code } = await issueEnrolmentCode(setup.db, OFFICES.b.id);
        const first = await app.inject({ method: 'POST', url: '/sync/v1/enrol', payload: { code, deviceName: 'x' } });
        expect(first.statusCode).toBe(200);
        const again = await app.inject({
          method: 'POST',
          url: '/sync/v1/enrol',
          payload: { code: code.toLowerCase(), deviceName: 'y' },
        });
        expect(again.statusCode).toBe(401);
        expect(again.json().error.code).toBe('ENROLMENT_CODE_INVALID');
        const wrong = await app.inject({
          method: 'POST',
          url: '/sync/v1/enrol',
          headers: { 'accept-language': 'en' },
          payload: { code: 'AAAA-BBBB-CCCC-DDDD', deviceName: 'z' },
        });
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json().error.message).toBe('The enrolment code is wrong, already used or expired');
      });

      it('refuses an expired code', async () => {
        const { issueEnrolmentCode } = await import('../../server/enrolment/devices');
        const { code } = await issueEnrolmentCode(setup.db, OFFICES.b.id, { ttlHours: 1 });
        await setup.db.query(
          `UPDATE enrolment_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`,
        );
        const res = await app.inject({ method: 'POST', url: '/sync/v1/enrol', payload: { code, deviceName: 'x' } });
        expect(res.statusCode).toBe(401);
      });

      it('refuses missing, malformed and forged credentials with 401 and a reason', async () => {
        const none = await app.inject({ method: 'GET', url: '/sync/v1/pull' });
        expect(none.statusCode).toBe(401);
        expect(none.json()).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
        expect(none.json().error.message).toBe('Thiếu thông tin xác thực thiết bị');
        const garbage = await app.inject({
          method: 'GET',
          url: '/sync/v1/pull',
          headers: { authorization: 'Bearer nope' },
        });
        expect(garbage.json().error.code).toBe('AUTH_INVALID');
        // A real device id with a made-up secret of the right shape.
        const forged = `Bearer ${a.deviceId}.${'A'.repeat(43)}`;
        const res = await app.inject({ method: 'GET', url: '/sync/v1/pull', headers: { authorization: forged } });
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('AUTH_INVALID');
        // Another device's secret with this device's id.
        const swapped = `Bearer ${a.deviceId}.${b.secret}`;
        expect(
          (await app.inject({ method: 'GET', url: '/sync/v1/pull', headers: { authorization: swapped } })).statusCode,
        ).toBe(401);
      });

      it('refuses a revoked device with its reason and keeps serving the others', async () => {
        const victim = await enrol(app, setup.db, OFFICES.a.id, 'Máy hỏng');
        const ok = await app.inject({ method: 'GET', url: '/sync/v1/pull', headers: victim.headers });
        expect(ok.statusCode).toBe(200);
        await revokeDevice(setup.db, victim.deviceId, 'Máy bị mất');
        const res = await app.inject({ method: 'GET', url: '/sync/v1/pull', headers: victim.headers });
        expect(res.statusCode).toBe(401);
        expect(res.json().error).toMatchObject({ code: 'DEVICE_REVOKED', params: { reason: 'Máy bị mất' } });
        expect(res.json().error.message).toContain('Máy bị mất');
        const pushed = await push(app, victim, [
          event('received', '2025-07-15T08:00', receivedPayload(), {
            officeId: 'xa-a',
            dossierId: 'd-revoked',
            deviceId: victim.deviceId,
          }),
        ]);
        expect(pushed.status).toBe(401);
        expect(await count('SELECT count(*) AS n FROM events WHERE dossier_id = $1', ['d-revoked'])).toBe(0);
        expect((await app.inject({ method: 'GET', url: '/sync/v1/pull', headers: a.headers })).statusCode).toBe(200);
      });

      it('puts the server time on every response, errors included', async () => {
        const before = Date.now();
        const res = await app.inject({ method: 'GET', url: '/sync/v1/pull', headers: a.headers });
        const header = res.headers[SERVER_TIME_HEADER] as string;
        expect(Date.parse(header)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(res.json().serverTime)).toBeGreaterThanOrEqual(before - 1000);
        const err = await app.inject({ method: 'GET', url: '/sync/v1/pull' });
        expect(err.headers[SERVER_TIME_HEADER]).toBeTruthy();
        expect(err.json().serverTime).toBeTruthy();
      });
    });

    describe('push', () => {
      it('is idempotent: the same batch twice gives the same acknowledgements and stores once', async () => {
        const d = 'd-idem';
        const batch = [
          event('received', '2025-07-15T08:00', receivedPayload('000.00.06.H56-250715-0002'), {
            officeId: 'xa-a',
            dossierId: d,
            deviceId: a.deviceId,
          }),
          event(
            'step-completed',
            '2025-07-15T09:00',
            { step: 'Thẩm định' },
            { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
          ),
        ];
        const first = await push(app, a, batch);
        expect(first.status).toBe(200);
        expect(first.acks.map((x) => x.status)).toEqual(['accepted', 'accepted']);
        expect(first.acks[1]?.serverSeq).toBeGreaterThan(first.acks[0]?.serverSeq ?? Infinity);
        const second = await push(app, a, batch);
        expect(second.status).toBe(200);
        expect(second.acks.map((x) => x.status)).toEqual(['duplicate', 'duplicate']);
        expect(second.acks.map((x) => x.serverSeq)).toEqual(first.acks.map((x) => x.serverSeq));
        const third = await push(app, a, batch);
        expect(third.acks).toEqual(second.acks);
        expect(await count('SELECT count(*) AS n FROM events WHERE dossier_id = $1', [d])).toBe(2);
        const [holder] = await setup.db.query<{ holder_office_id: string }>(
          'SELECT holder_office_id FROM dossier_holder WHERE dossier_id = $1',
          [d],
        );
        expect(holder?.holder_office_id).toBe('xa-a');
      });

      it('stores the event as pushed and records its receipt time', async () => {
        const d = 'd-stored';
        const e = event('received', '2025-07-15T08:05', receivedPayload('000.00.06.H56-250715-0003'), {
          officeId: 'xa-a',
          dossierId: d,
          deviceId: a.deviceId,
        });
        const before = Date.now();
        await push(app, a, [e]);
        const [row] = await setup.db.query<{ received_at: Date; wall_time: string; pushed_by: string }>(
          'SELECT received_at, wall_time, pushed_by FROM events WHERE id = $1',
          [e.id],
        );
        expect(row?.wall_time).toBe('2025-07-15T08:05:00+07:00');
        expect(row?.pushed_by).toBe(a.deviceId);
        expect(new Date(row?.received_at ?? 0).getTime()).toBeGreaterThanOrEqual(before - 1000);
        const pulled = await pullAll(app, a2);
        const mine = pulled.events.find((p) => p.event.id === e.id);
        expect(mine?.event).toEqual(e);
      });

      it("rejects an event for another office's dossier into the review queue without blocking the rest", async () => {
        const d = 'd-owned-by-a';
        const recv = event('received', '2025-07-15T08:10', receivedPayload('000.00.06.H56-250715-0004'), {
          officeId: 'xa-a',
          dossierId: d,
          deviceId: a.deviceId,
        });
        expect((await push(app, a, [recv])).acks[0]?.status).toBe('accepted');
        const intruder = event(
          'step-completed',
          '2025-07-15T09:00',
          { step: 'Thẩm định' },
          { officeId: 'xa-b', dossierId: d, deviceId: b.deviceId },
        );
        const own = event('received', '2025-07-15T09:01', receivedPayload('000.00.07.H56-250715-0001'), {
          officeId: 'xa-b',
          dossierId: 'd-b-own',
          deviceId: b.deviceId,
        });
        const res = await push(app, b, [intruder, own]);
        expect(res.status).toBe(422);
        expect(res.body.error).toMatchObject({ code: 'SYNC_EVENTS_REJECTED', params: { count: 1 } });
        expect(res.acks[0]).toMatchObject({
          id: intruder.id,
          status: 'rejected',
          reason: { code: 'not-holder', detail: 'DOSSIER_NOT_HOLDER' },
        });
        expect(res.acks[0]?.reason?.message).toMatch(/xa-b/);
        expect(res.acks[1]).toMatchObject({ id: own.id, status: 'accepted' });
        expect(await count('SELECT count(*) AS n FROM events WHERE id = $1', [intruder.id])).toBe(0);
        // Visible to both sides: the submitting office and the holder.
        const reviewB = (await app.inject({ method: 'GET', url: '/sync/v1/review', headers: b.headers })).json().value
          .items;
        expect(reviewB.find((i: { eventId: string }) => i.eventId === intruder.id)).toMatchObject({
          role: 'submitter',
          holderOfficeId: 'xa-a',
        });
        const reviewA = (await app.inject({ method: 'GET', url: '/sync/v1/review', headers: a.headers })).json().value
          .items;
        expect(reviewA.find((i: { eventId: string }) => i.eventId === intruder.id)).toMatchObject({
          role: 'holder',
          officeId: 'xa-b',
        });
        const reviewC = (await app.inject({ method: 'GET', url: '/sync/v1/review', headers: c.headers })).json().value
          .items;
        expect(reviewC).toEqual([]);
        // Re-sent: the same rejection, stored once.
        const again = await push(app, b, [intruder, own]);
        expect(again.acks[0]).toEqual(res.acks[0]);
        expect(again.acks[1]).toMatchObject({ status: 'duplicate', serverSeq: res.acks[1]?.serverSeq });
        expect(await count('SELECT count(*) AS n FROM review_queue WHERE event_id = $1', [intruder.id])).toBe(1);
      });

      it("judges ownership at the event's time: transfer moves the holder", async () => {
        const d = 'd-transfer';
        const recv = event('received', '2025-07-16T08:00', receivedPayload('000.00.06.H56-250716-0001'), {
          officeId: 'xa-a',
          dossierId: d,
          deviceId: a.deviceId,
        });
        const move = event(
          'transferred',
          '2025-07-16T09:00',
          { toOfficeId: 'so-tp', mode: 'electronic' },
          { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
        );
        expect((await push(app, a, [recv, move])).acks.map((x) => x.status)).toEqual(['accepted', 'accepted']);
        // Office A acts after the transfer (it no longer holds the dossier): refused.
        const late = event(
          'step-completed',
          '2025-07-16T10:00',
          { step: 'Thẩm định' },
          { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
        );
        expect((await push(app, a, [late])).acks[0]).toMatchObject({
          status: 'rejected',
          reason: { code: 'not-holder' },
        });
        // The new holder may act.
        const accept = event(
          'accepted',
          '2025-07-16T10:30',
          {},
          { officeId: 'so-tp', dossierId: d, deviceId: c.deviceId },
        );
        expect((await push(app, c, [accept])).acks[0]?.status).toBe('accepted');
        const [holder] = await setup.db.query<{ holder_office_id: string; receiving_office_id: string }>(
          'SELECT holder_office_id, receiving_office_id FROM dossier_holder WHERE dossier_id = $1',
          [d],
        );
        expect(holder).toEqual({ holder_office_id: 'so-tp', receiving_office_id: 'xa-a' });
      });

      it('rejects a forged actor, an unknown type and a malformed event, storing nothing of them', async () => {
        const forged = event('received', '2025-07-15T08:00', receivedPayload(), {
          officeId: 'xa-b',
          dossierId: 'd-forged',
          deviceId: a.deviceId,
        });
        const unknown = {
          ...event('withdrawn', '2025-07-15T08:00', {}, { officeId: 'xa-a', dossierId: 'd-x', deviceId: a.deviceId }),
          type: 'teleported',
        };
        const malformed = { id: 'bad-1', dossierId: 'd-y', type: 'received', payload: {} };
        const good = event('received', '2025-07-17T08:00', receivedPayload('000.00.06.H56-250717-0001'), {
          officeId: 'xa-a',
          dossierId: 'd-good',
          deviceId: a.deviceId,
        });
        const res = await push(app, a, [forged, unknown, malformed, 42, good]);
        expect(res.status).toBe(422);
        expect(res.acks.map((x) => [x.status, x.reason?.code])).toEqual([
          ['rejected', 'forged-actor'],
          ['rejected', 'unknown-type'],
          ['rejected', 'invalid'],
          ['rejected', 'invalid'],
          ['accepted', undefined],
        ]);
        expect(res.acks[3]?.id).toBe('#3');
        expect(res.acks[1]?.reason?.message).toContain('teleported');
        expect(
          await count('SELECT count(*) AS n FROM events WHERE dossier_id = ANY($1)', [['d-forged', 'd-x', 'd-y']]),
        ).toBe(0);
        expect(
          await count('SELECT count(*) AS n FROM review_queue WHERE dossier_id = ANY($1)', [
            ['d-forged', 'd-x', 'd-y'],
          ]),
        ).toBe(0);
      });

      it('puts lifecycle violations and conflicts in the review queue', async () => {
        const d = 'd-rules';
        const recv = event('received', '2025-07-18T08:00', receivedPayload('000.00.06.H56-250718-0001'), {
          officeId: 'xa-a',
          dossierId: d,
          deviceId: a.deviceId,
        });
        const returned = event(
          'returned',
          '2025-07-18T09:00',
          { collectedBy: { fullName: 'Hoa', relation: 'applicant' }, method: 'counter' },
          { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
        );
        const res = await push(app, a, [recv, returned]);
        expect(res.acks[1]).toMatchObject({
          status: 'rejected',
          reason: { code: 'rule', detail: 'DOSSIER_RESULT_NOT_RECORDED' },
        });
        // Two desktops of office A offline: one records the result, the other requests a supplement
        // at an earlier time; the server accepted the result first, so the supplement request (which
        // would pause the clock and refuse the result at its place) conflicts.
        const result = event(
          'result-recorded',
          '2025-07-18T11:00',
          { summary: 'Đã cấp' },
          { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
        );
        expect((await push(app, a, [result])).acks[0]?.status).toBe('accepted');
        const supplement = event(
          'supplement-requested',
          '2025-07-18T10:00',
          { items: ['Bản sao CCCD'], reason: 'Thiếu' },
          { officeId: 'xa-a', dossierId: d, deviceId: a2.deviceId },
        );
        const conflict = await push(app, a2, [supplement]);
        expect(conflict.acks[0]).toMatchObject({ status: 'rejected', reason: { code: 'conflict', detail: result.id } });
        expect(await count('SELECT count(*) AS n FROM review_queue WHERE dossier_id = $1', [d])).toBe(2);
      });

      it('refuses malformed JSON, a wrong body and too many events as a whole, with reasons', async () => {
        const broken = await app.inject({
          method: 'POST',
          url: '/sync/v1/push',
          headers: { ...a.headers, 'content-type': 'application/json' },
          payload: '{"events": [',
        });
        expect(broken.statusCode).toBe(400);
        expect(broken.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        const wrong = await app.inject({
          method: 'POST',
          url: '/sync/v1/push',
          headers: a.headers,
          payload: { evts: [] },
        });
        expect(wrong.statusCode).toBe(400);
        expect(wrong.json().error.code).toBe('VALIDATION_FAILED');
        expect(wrong.json().error.issues[0].path).toBe('events');
        const empty = await app.inject({
          method: 'POST',
          url: '/sync/v1/push',
          headers: a.headers,
          payload: { events: [] },
        });
        expect(empty.statusCode).toBe(400);
        const many = await app.inject({
          method: 'POST',
          url: '/sync/v1/push',
          headers: a.headers,
          payload: { events: new Array(1001).fill({}) },
        });
        expect(many.statusCode).toBe(400);
        const health = await app.inject({ method: 'GET', url: '/health' });
        expect(health.statusCode).toBe(200);
      });

      it('refuses a body over 5 MB with 413 and stores nothing', async () => {
        const before = await count('SELECT count(*) AS n FROM events');
        const big = event(
          'received',
          '2025-07-15T08:00',
          receivedPayload('000.00.06.H56-250715-0009', { note: 'x'.repeat(2000) }),
          { officeId: 'xa-a', dossierId: 'd-big', deviceId: a.deviceId },
        );
        const events = Array.from({ length: 6 * 1024 }, (_, i) => ({ ...big, id: `big-${i}` }));
        const res = await app.inject({
          method: 'POST',
          url: '/sync/v1/push',
          headers: a.headers,
          payload: { events: events.slice(0, 1000) },
        });
        // 1000 events of ~3 KB: under 5 MB, accepted in part; now the same many times over the bound.
        expect(res.statusCode).not.toBe(413);
        const huge = await app.inject({
          method: 'POST',
          url: '/sync/v1/push',
          headers: { ...a.headers, 'content-type': 'application/json' },
          payload: JSON.stringify({
            events: [{ ...big, payload: { ...(big.payload as object), note: 'x'.repeat(6 * 1024 * 1024) } }],
          }),
        });
        expect(huge.statusCode).toBe(413);
        expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
        expect(await count('SELECT count(*) AS n FROM events')).toBe(
          before + res.json().value.acks.filter((x: { status: string }) => x.status === 'accepted').length,
        );
      });
    });

    describe('pull and scope', () => {
      it('shows an office only its dossiers, and a transferred dossier with its whole history', async () => {
        const fresh = await enrol(app, setup.db, OFFICES.b.id, 'Quầy mới xã B');
        const seenByB = await pullAll(app, fresh);
        const dossiersOfB = new Set(seenByB.events.map((e) => e.event.dossierId));
        expect(dossiersOfB.has('d-b-own')).toBe(true);
        for (const d of ['d-idem', 'd-stored', 'd-owned-by-a', 'd-transfer', 'd-good'])
          expect(dossiersOfB.has(d)).toBe(false);
        // Office C sees the transferred dossier from its receipt on, not A's other dossiers.
        const seenByC = await pullAll(app, c);
        const cDossiers = new Set(seenByC.events.map((e) => e.event.dossierId));
        expect([...cDossiers].sort()).toEqual(['d-transfer']);
        expect(seenByC.events.map((e) => e.event.type)).toEqual(['received', 'transferred', 'accepted']);
      });

      it('sends the earlier history of a dossier transferred after the cursor', async () => {
        const d = 'd-late-transfer';
        const start = await pullAll(app, b);
        const recv = event('received', '2025-07-21T08:00', receivedPayload('000.00.06.H56-250721-0001'), {
          officeId: 'xa-a',
          dossierId: d,
          deviceId: a.deviceId,
        });
        await push(app, a, [recv]);
        const mid = await pullAll(app, b, start.cursor);
        expect(mid.events.some((e) => e.event.dossierId === d)).toBe(false);
        const move = event(
          'transferred',
          '2025-07-21T09:00',
          { toOfficeId: 'xa-b', mode: 'electronic' },
          { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
        );
        await push(app, a, [move]);
        const after = await pullAll(app, b, mid.cursor);
        expect(after.events.filter((e) => e.event.dossierId === d).map((e) => e.event.id)).toEqual([recv.id, move.id]);
      });

      it('gives a supervisor the dossiers of its configured scope', async () => {
        const sup = await enrol(app, setup.db, OFFICES.province.id, 'Giám sát');
        expect((await pullAll(app, sup)).events).toEqual([]);
        await addScope(setup.db, OFFICES.province.id, OFFICES.province.id, true);
        const all = await pullAll(app, sup);
        const ds = new Set(all.events.map((e) => e.event.dossierId));
        expect(ds.has('d-b-own')).toBe(true);
        expect(ds.has('d-idem')).toBe(true);
      });

      it('pages by count, resumably, in server order without loss or repetition', async () => {
        const d = 'd-paging';
        const batch = [
          event('received', '2025-07-22T08:00', receivedPayload('000.00.06.H56-250722-0001'), {
            officeId: 'xa-a',
            dossierId: d,
            deviceId: a.deviceId,
          }),
        ];
        for (let i = 0; i < 24; i++) {
          batch.push(
            event(
              'step-completed',
              `2025-07-22T09:${String(i).padStart(2, '0')}`,
              { step: `Bước ${i}` },
              { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
            ),
          );
        }
        await push(app, a, batch);
        const whole = await pullAll(app, a2, 0, 1000);
        const paged = await pullAll(app, a2, 0, 7);
        expect(paged.events.map((e) => e.serverSeq)).toEqual(whole.events.map((e) => e.serverSeq));
        const seqs = paged.events.map((e) => e.serverSeq);
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(seqs.length);
        expect(paged.cursor).toBe(whole.cursor);
        // Every page says the server's newest number (this batch's last event, pushed last), which is
        // where the cursor ends: what a desktop's progress is measured against.
        expect(paged.heads.length).toBeGreaterThan(1);
        expect(new Set(paged.heads)).toEqual(new Set([whole.cursor]));
        expect(whole.heads).toEqual([whole.cursor]);
        const bad = await app.inject({ method: 'GET', url: '/sync/v1/pull?after=-1', headers: a.headers });
        expect(bad.statusCode).toBe(400);
        const tooMany = await app.inject({ method: 'GET', url: '/sync/v1/pull?limit=100000', headers: a.headers });
        expect(tooMany.statusCode).toBe(400);
      });
    });

    describe('reference data', () => {
      it('sends the organisation tree, then only what changed', async () => {
        const first = (
          await app.inject({ method: 'GET', url: '/sync/v1/reference?since=0', headers: a.headers })
        ).json().value;
        expect(first.documents.map((d: { kind: string }) => d.kind)).toEqual(['organisation']);
        expect(first.documents[0].content.offices.map((o: { id: string }) => o.id).sort()).toEqual([
          'so-tp',
          'ttphcc',
          'xa-a',
          'xa-b',
        ]);
        const none = (
          await app.inject({ method: 'GET', url: `/sync/v1/reference?since=${first.version}`, headers: a.headers })
        ).json().value;
        expect(none).toEqual({ documents: [], version: first.version, hasMore: false });
        const cal = await app.inject({
          method: 'PUT',
          url: '/admin/v1/reference/calendar',
          headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
          payload: { entries: [{ date: '2025-09-01', kind: 'HOLIDAY', name: 'Quốc khánh' }] },
        });
        expect(cal.statusCode).toBe(200);
        const next = (
          await app.inject({ method: 'GET', url: `/sync/v1/reference?since=${first.version}`, headers: a.headers })
        ).json().value;
        expect(next.documents.map((d: { kind: string }) => d.kind)).toEqual(['calendar']);
        expect(next.version).toBe(cal.json().value.version);
        const bad = await app.inject({
          method: 'PUT',
          url: '/admin/v1/reference/calendar',
          headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
          payload: { entries: [{ date: '2025-13-01', kind: 'HOLIDAY' }] },
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.code).toBe('REFERENCE_INVALID');
      });
    });
  });
}
