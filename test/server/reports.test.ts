import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addScope } from '../../server/office/offices';
import { publishReference } from '../../server/reference/reference';
import type { DossierEventType, PayloadOf } from '../../shared/dossier/events';
import { remoteIi06aSchema, remoteIndicatorsSchema } from '../../shared/reports/remote';
import { assetsDir } from '../helpers/backend';
import { ii06aCells } from '../helpers/ii06a';
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

/**
 * The province-wide reports route (issue 7 §4) on a known dataset pushed through the real protocol
 * by the devices of two communes, July 2025 (no holiday; 5 working days unless said):
 *   R1 xã A HT, received Wed 25/06 09:00, due Wed 02/07 09:00, result 03/07 → carried over, late.
 *   R2 xã A HT online, received Mon 07/07 08:00, due Mon 14/07 08:00, result 14/07 16:00 → on time;
 *      returned and rated 17/18 on 15/07.
 *   R3 xã A HT, received Tue 08/07 09:00, due 15/07 09:00; paused 09/07 09:00 → 11/07 09:00 (2 working
 *      days) → due 17/07 09:00; result 16/07 → early (late without the pause).
 *   R4 xã A CTH, received 10/07, withdrawn 11/07 → ended.
 *   R5 xã A CTH, received Mon 14/07 09:00 (due 21/07 09:00), transferred to xã B at 10:00, result by
 *      xã B on 25/07 → late; in the reports of both communes (receiver and holder, rule R9).
 *   R6 xã A CTH, received Mon 28/07 09:00, due 04/08 → pending within time.
 *   R7 xã A DD, received Tue 01/07 09:00, due 08/07; apology 04/07 with a new due time 18/07 17:00 →
 *      pending overdue at the end of July.
 *   R8 xã B HT, received Tue 15/07 09:00, due 22/07 → pending overdue.
 *   R9 xã A HT, received 01/08 → after the period.
 */
const PERIOD = 'from=2025-07-01&to=2025-07-31';

for (const [name, open] of Object.entries(backends)) {
  describe(`reports route on ${name}`, () => {
    let setup: Setup;
    let app: FastifyInstance;
    let a: Enrolled;
    let b: Enrolled;
    let province: Enrolled;

    beforeAll(async () => {
      setup = await open();
      app = await startServer(setup);
      await addOffices(setup.db);
      // The province centre supervises every office below it.
      await addScope(setup.db, OFFICES.province.id, OFFICES.province.id, true);
      const catalogue = JSON.parse(readFileSync(join(assetsDir, 'catalogue', 'procedures.sample.json'), 'utf8'));
      await publishReference(setup.db, 'catalogue', catalogue);
      a = await enrol(app, setup.db, OFFICES.a.id, 'Quầy 1 xã A');
      b = await enrol(app, setup.db, OFFICES.b.id, 'Quầy 1 xã B');
      province = await enrol(app, setup.db, OFFICES.province.id, 'Giám sát tỉnh');

      let n = 0;
      const codeOf = (agency: string, wall: string) =>
        `${agency}-${wall.slice(2, 4)}${wall.slice(5, 7)}${wall.slice(8, 10)}-${String(++n).padStart(4, '0')}`;
      const make = (device: Enrolled, officeId: string) => ({
        receive: (wall: string, field: string, channel: 1 | 2 = 1) => {
          const dossierId = uuidv7();
          const office = Object.values(OFFICES).find((o) => o.id === officeId);
          const payload = receivedPayload(codeOf(office?.agencyId ?? '', wall), { channel });
          payload.procedure = { ...payload.procedure, fieldCode: field };
          return { dossierId, e: event('received', wall, payload, { officeId, dossierId, deviceId: device.deviceId }) };
        },
        act: <T extends DossierEventType>(dossierId: string, type: T, wall: string, payload: PayloadOf<T>) =>
          event(type, wall, payload, { officeId, dossierId, deviceId: device.deviceId }),
      });
      const A = make(a, OFFICES.a.id);
      const B = make(b, OFFICES.b.id);
      const result = { summary: 'Kết quả' };
      const R1 = A.receive('2025-06-25T09:00', 'HT');
      const R2 = A.receive('2025-07-07T08:00', 'HT', 2);
      const R3 = A.receive('2025-07-08T09:00', 'HT');
      const R4 = A.receive('2025-07-10T09:00', 'CTH');
      const R5 = A.receive('2025-07-14T09:00', 'CTH');
      const R6 = A.receive('2025-07-28T09:00', 'CTH');
      const R7 = A.receive('2025-07-01T09:00', 'DD');
      const R8 = B.receive('2025-07-15T09:00', 'HT');
      const R9 = A.receive('2025-08-01T09:00', 'HT');
      const fromA = [
        R1.e,
        R7.e,
        A.act(R1.dossierId, 'result-recorded', '2025-07-03T10:00', result),
        A.act(R7.dossierId, 'apology-issued', '2025-07-04T09:00', {
          reason: 'Cần xác minh',
          newDueAt: '2025-07-18T17:00:00+07:00',
        }),
        R2.e,
        R3.e,
        A.act(R3.dossierId, 'supplement-requested', '2025-07-09T09:00', { items: ['Bản sao'], reason: 'Thiếu' }),
        R4.e,
        A.act(R3.dossierId, 'supplement-received', '2025-07-11T09:00', {}),
        A.act(R4.dossierId, 'withdrawn', '2025-07-11T10:00', {}),
        R5.e,
        A.act(R5.dossierId, 'transferred', '2025-07-14T10:00', { toOfficeId: OFFICES.b.id, mode: 'electronic' }),
        A.act(R2.dossierId, 'result-recorded', '2025-07-14T16:00', result),
        A.act(R2.dossierId, 'returned', '2025-07-15T08:00', {
          collectedBy: { fullName: 'Đặng Thị Hoa', relation: 'applicant' },
          method: 'counter',
        }),
        A.act(R2.dossierId, 'satisfaction-recorded', '2025-07-15T08:10', {
          criteria: [2, 2, 2, 2, 2, 2, 2, 2, 1],
          rating: 5,
        }),
        A.act(R3.dossierId, 'result-recorded', '2025-07-16T10:00', result),
        R6.e,
        R9.e,
      ];
      // Pushed in two batches, as a desktop's outbox would go.
      for (const batch of [fromA.slice(0, 9), fromA.slice(9)]) {
        const reply = await push(app, a, batch);
        expect(reply.acks.map((x) => x.status)).toEqual(batch.map(() => 'accepted'));
      }
      const fromB = [R8.e, B.act(R5.dossierId, 'result-recorded', '2025-07-25T10:00', result)];
      const reply = await push(app, b, fromB);
      expect(reply.acks.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await setup.cleanup();
    });

    const get = (device: Enrolled, path: string, language = 'vi') =>
      app.inject({
        method: 'GET',
        url: `/sync/v1/reports/${path}`,
        headers: { ...device.headers, 'accept-language': language },
      });

    const expectedA = {
      HT: ii06aCells({
        receivedTotal: 3,
        carriedOver: 1,
        receivedOnline: 1,
        receivedDirect: 1,
        resolvedTotal: 3,
        resolvedEarly: 1,
        resolvedOnTime: 1,
        resolvedLate: 1,
      }),
      CTH: ii06aCells({
        receivedTotal: 3,
        receivedDirect: 3,
        resolvedTotal: 1,
        resolvedLate: 1,
        pendingTotal: 1,
        pendingWithinTime: 1,
        ended: 1,
      }),
      DD: ii06aCells({ receivedTotal: 1, receivedDirect: 1, pendingTotal: 1, pendingOverdue: 1 }),
    };

    it("gives a commune's II.06a, every cell as computed by hand, fields in catalogue order", async () => {
      const res = await get(a, `ii06a?${PERIOD}`);
      expect(res.statusCode).toBe(200);
      const value = remoteIi06aSchema.parse(res.json().value);
      expect(value.office).toEqual({ id: 'xa-a', name: 'UBND xã A', agencyId: '000.00.06.H56' });
      expect(value.offices).toBe(1);
      expect(value.rows.map((r) => [r.fieldCode, r.fieldName])).toEqual([
        ['HT', 'Hộ tịch'],
        ['CTH', 'Chứng thực'],
        ['DD', 'Đất đai'],
      ]);
      const byField = Object.fromEntries(value.rows.map(({ fieldCode, fieldName: _, ...c }) => [fieldCode, c]));
      expect(byField).toEqual(expectedA);
      expect(value.totals).toEqual(
        ii06aCells({
          receivedTotal: 7,
          carriedOver: 1,
          receivedOnline: 1,
          receivedDirect: 5,
          resolvedTotal: 4,
          resolvedEarly: 1,
          resolvedOnTime: 1,
          resolvedLate: 2,
          pendingTotal: 2,
          pendingWithinTime: 1,
          pendingOverdue: 1,
          ended: 1,
        }),
      );
      // R9 (after the period) and R8 (another commune) were not even read.
      expect(value.dossiers).toBe(7);
    });

    it('counts a transferred dossier for its holder too, and the whole province for the supervisor', async () => {
      const rb = remoteIi06aSchema.parse((await get(b, `ii06a?${PERIOD}`)).json().value);
      expect(Object.fromEntries(rb.rows.map(({ fieldCode, fieldName: _, ...c }) => [fieldCode, c]))).toEqual({
        HT: ii06aCells({ receivedTotal: 1, receivedDirect: 1, pendingTotal: 1, pendingOverdue: 1 }),
        CTH: ii06aCells({ receivedTotal: 1, receivedDirect: 1, resolvedTotal: 1, resolvedLate: 1 }),
      });
      const all = remoteIi06aSchema.parse((await get(province, `ii06a?${PERIOD}`)).json().value);
      expect(all.office.id).toBe('ttphcc');
      expect(all.offices).toBe(4);
      expect(all.totals).toEqual(
        ii06aCells({
          receivedTotal: 8,
          carriedOver: 1,
          receivedOnline: 1,
          receivedDirect: 6,
          resolvedTotal: 4,
          resolvedEarly: 1,
          resolvedOnTime: 1,
          resolvedLate: 2,
          pendingTotal: 3,
          pendingWithinTime: 1,
          pendingOverdue: 2,
          ended: 1,
        }),
      );
      // The supervisor may also ask for one commune of the province.
      const onlyB = remoteIi06aSchema.parse((await get(province, `ii06a?${PERIOD}&officeId=xa-b`)).json().value);
      expect(onlyB.totals).toEqual(rb.totals);
    });

    it('computes the Decision 766 indicators with their numerators and denominators', async () => {
      const res = await get(a, `indicators766?${PERIOD}`);
      expect(res.statusCode).toBe(200);
      const value = remoteIndicatorsSchema.parse(res.json().value);
      const byKey = Object.fromEntries(value.items.map((i) => [i.key, i]));
      // On time: (early 1 + on time 1) ÷ resolved 4 → 20 × 0.5.
      expect(byKey.onTime).toMatchObject({ numerator: 2, denominator: 4, score: 10 });
      // Online: 1 of the 6 new in the period → 12 ÷ 6.
      expect(byKey.online).toMatchObject({ numerator: 1, denominator: 6, score: 2 });
      // No component was digitized.
      expect(byKey.digitization).toMatchObject({ numerator: 0, denominator: 6, score: 0 });
      // One rating of 17 points.
      expect(byKey.satisfaction).toMatchObject({ numerator: 17, denominator: 1, score: 17 });
      expect(byKey.transparency).toMatchObject({ available: false, score: null });
    });

    it('refuses an office outside the device scope, in the reader language', async () => {
      for (const officeId of ['xa-b', 'ttphcc']) {
        const res = await get(a, `ii06a?${PERIOD}&officeId=${officeId}`);
        expect(res.statusCode).toBe(403);
        expect(res.json().error).toMatchObject({
          code: 'REPORT_SCOPE_FORBIDDEN',
          message: `Cơ quan, đơn vị ${officeId} nằm ngoài phạm vi được xem của thiết bị này`,
        });
      }
      const en = await get(a, `indicators766?${PERIOD}&officeId=xa-b`, 'en');
      expect(en.statusCode).toBe(403);
      expect(en.json().error.message).toBe('Office xa-b is outside the scope this device may see');
      // An office nobody knows is outside every scope too (nothing is said about whether it exists).
      expect((await get(province, `ii06a?${PERIOD}&officeId=nowhere`)).statusCode).toBe(403);
    });

    it('validates the query and requires a device credential', async () => {
      const bad = await get(a, 'ii06a?from=2025-07-31&to=2025-07-01');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('REPORT_PERIOD_INVALID');
      const malformed = await get(a, 'ii06a?from=01/07/2025&to=2025-07-31');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
      const anonymous = await app.inject({ method: 'GET', url: `/sync/v1/reports/ii06a?${PERIOD}` });
      expect(anonymous.statusCode).toBe(401);
    });

    it('rebuilds a missing projection at start-up from the event log, with the same figures', async () => {
      const before = (await get(a, `ii06a?${PERIOD}`)).json().value;
      await setup.db.query('DELETE FROM report_dossiers');
      const stored = await setup.db.query<{ state: Record<string, unknown> }>('SELECT state FROM report_dossiers');
      expect(stored).toEqual([]);
      await app.close();
      app = await startServer(setup);
      const after = (await get(a, `ii06a?${PERIOD}`)).json().value;
      expect({ ...after, computedAt: '' }).toEqual({ ...before, computedAt: '' });
      // The projection keeps no personal data.
      const states = await setup.db.query<{ state: { applicant: unknown; returned: { collectedBy: unknown } | null } }>(
        'SELECT state FROM report_dossiers',
      );
      expect(states.length).toBe(9);
      expect(states.every((s) => s.state.applicant === null)).toBe(true);
      // Nor the event ids: the event log has them.
      expect(states.filter((s) => 'eventIds' in s.state)).toEqual([]);
      expect(JSON.stringify(states)).not.toContain('Đặng Thị Hoa');
    });
  });
}
