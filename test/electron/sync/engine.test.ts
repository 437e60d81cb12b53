import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../../electron/backend/attachments/store';
import { getMeta, getMetaJson } from '../../../electron/backend/db/meta';
import { saveOffice } from '../../../electron/backend/office/repository';
import { fetchTransport } from '../../../electron/backend/sync/client';
import { credentialFileName } from '../../../electron/backend/sync/credentials';
import { OUTBOX_BATCH_SQL } from '../../../electron/backend/sync/engine';
import { issueEnrolmentCode } from '../../../server/enrolment/devices';
import { type EventRow, eventOf, rawEventOf } from '../../../server/sync/events';
import { ROLES } from '../../../shared/accounts/roles';
import type { DesktopNumberingState } from '../../../shared/codes/numbering';
import { addTestUser } from '../../helpers/backend';
import {
  ADMIN_TOKEN,
  act,
  backends,
  countServer,
  type Desktop,
  desktopFolds,
  enrolDesktop,
  foldHash,
  OFFICES,
  openDesktop,
  receive,
  serverFolds,
  startTestServer,
  type TestServer,
} from './support';

for (const kind of Object.keys(backends) as (keyof typeof backends)[]) {
  describe(`desktop sync engine against the server on ${kind}`, () => {
    let server: TestServer;
    const desks: Desktop[] = [];
    let a1: Desktop;
    let a2: Desktop;
    let b: Desktop;

    beforeAll(async () => {
      server = await startTestServer(kind);
      a1 = openDesktop(OFFICES.a.id, { name: 'a1' });
      a2 = openDesktop(OFFICES.a.id, { name: 'a2' });
      b = openDesktop(OFFICES.b.id, { name: 'b' });
      desks.push(a1, a2, b);
    }, 120_000);
    afterAll(async () => {
      for (const d of desks) d.dispose();
      await server?.close();
    });
    /** A dossier's events as the server stores them, in its order. */
    const serverEvents = (dossierId: string) =>
      server.setup.db.query<EventRow>('SELECT * FROM events WHERE dossier_id = $1 ORDER BY server_seq', [dossierId]);
    /** Those events as a pull page carries them. */
    const pulledItems = (rows: readonly EventRow[]) =>
      rows.map((row) => ({
        serverSeq: Number(row.server_seq),
        receivedAt: new Date(row.received_at).toISOString(),
        event: rawEventOf(row),
      }));

    it('enrols through the contract: credential in a 0600 file, slot, office and number blocks', async () => {
      const session = a1.accounts.openSessionFor(addTestUser(a1, 'quantri', ROLES));
      expect(a1.sync.status().phase).toBe('not-enrolled');
      const { code } = await issueEnrolmentCode(server.setup.db, OFFICES.a.id);
      const result = await a1.call('sync.enrol', { serverUrl: `${server.url}/`, code }, { language: 'en', session });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      const status = a1.sync.status();
      expect(status).toMatchObject({ enrolled: true, phase: 'idle', serverUrl: server.url });
      expect(status.office?.id).toBe(OFFICES.a.id);
      const file = join(a1.dataDir, credentialFileName);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(getMeta(a1.db, 'sync.deviceId')).toBe(status.deviceId);
      expect(getMeta(a1.db, 'desk.officeId')).toBe(OFFICES.a.id);
      const numbering = getMetaJson<DesktopNumberingState>(a1.db, 'numbering.desktop');
      expect(numbering?.agencyId).toBe(OFFICES.a.agencyId);
      expect(new Set(numbering?.blocks.map((x) => x.date)).size).toBe(4);

      // A used code is refused with the server's reason, translated.
      const again = await a2.call(
        'sync.enrol',
        { serverUrl: server.url, code },
        {
          language: 'en',
          session: a2.accounts.openSessionFor(addTestUser(a2, 'quantri', ROLES)),
        },
      );
      expect(again.ok).toBe(false);
      if (!again.ok) {
        expect(again.error.code).toBe('SYNC_ENROL_FAILED');
        expect(again.error.message).toContain('The enrolment code is wrong');
      }
      await enrolDesktop(server, a2);
      await enrolDesktop(server, b);
    });

    it('pushes the outbox, acknowledges with server_seq, and another desk of the office pulls it', async () => {
      const id = receive(a1, 'Nguyễn Văn An');
      expect(a1.sync.status().pendingEvents).toBe(1);
      expect(a1.sync.status().pendingBytes).toBeGreaterThan(200);
      const report = await a1.sync.syncNow();
      expect(report?.pushed).toBe(1);
      expect(a1.sync.status()).toMatchObject({ pendingEvents: 0, online: true, lastError: null });
      expect(a1.db.get<{ s: number }>('SELECT server_seq AS s FROM event')?.s).toBeGreaterThan(0);
      await a2.sync.syncNow();
      expect(a2.dossiers.state(id)?.applicant?.fullName).toBe('Nguyễn Văn An');
      const folds = await serverFolds(server);
      expect(desktopFolds(a2).get(id)).toBe(folds.get(id));
      expect(desktopFolds(a1).get(id)).toBe(folds.get(id));
    });

    it('reads the outbox in HLC order without walking the event log', async () => {
      // History first, so the event log is larger than the outbox (the planner's choice depends on it).
      for (let i = 0; i < 3; i++) receive(a1, `Lịch sử ${i}`);
      await a1.sync.syncNow();
      a1.db.exec('ANALYZE');
      const waiting = [receive(a1, 'Trần Thị Bình'), receive(a1, 'Lê Văn Cường')];
      const plan = a1.db
        .all<{ detail: string }>(`EXPLAIN QUERY PLAN ${OUTBOX_BATCH_SQL}`, '', '', 1000)
        .map((r) => r.detail);
      expect(plan[0]).toBe('SCAN o');
      expect(plan.some((d) => d.startsWith('SCAN e'))).toBe(false);
      const rows = a1.db.all<{ dossier_id: string; hlc: string }>(OUTBOX_BATCH_SQL, '', '', 1000);
      expect(rows.map((r) => r.dossier_id)).toEqual(waiting);
      expect(rows.map((r) => r.hlc)).toEqual(rows.map((r) => r.hlc).sort());
      expect((await a1.sync.syncNow())?.pushed).toBe(2);
    });

    it('a transfer brings the dossier to the other office; an act by a desk that no longer holds it goes to review', async () => {
      const id = receive(a1, 'Trần Thị Bình');
      await a1.sync.syncNow();
      await a2.sync.syncNow();
      act(a1, id, 'transferred', { toOfficeId: OFFICES.b.id, mode: 'electronic' });
      await a1.sync.syncNow();
      // a2 has not heard of the transfer: its step is refused by the server (not-holder).
      act(a2, id, 'step-completed', { step: 'Thẩm định' });
      const report = await a2.sync.syncNow();
      expect(report?.rejected).toBe(1);
      expect(a2.sync.status().reviewOpen).toBeGreaterThanOrEqual(1);
      const review = await a2.call(
        'sync.review',
        {},
        { language: 'vi', session: a2.accounts.openSessionFor(addTestUser(a2, 'xem', ROLES)) },
      );
      const items = review.ok ? (review.value as { items: { dossierId: string; reasonCode: string }[] }).items : [];
      expect(items.some((i) => i.dossierId === id && i.reasonCode === 'not-holder')).toBe(true);
      await b.sync.syncNow();
      act(b, id, 'accepted', {});
      await b.sync.syncNow();
      await a1.sync.syncNow();
      await a2.sync.syncNow();
      const folds = await serverFolds(server);
      for (const d of [a1, a2, b]) expect(desktopFolds(d).get(id), d.name).toBe(folds.get(id));
      expect(b.dossiers.state(id)?.holderOfficeId).toBe(OFFICES.b.id);
      // The refused event stays in a2's log, out of the fold.
      expect(a2.db.get<{ n: number }>('SELECT count(*) AS n FROM event WHERE rejected_at IS NOT NULL')?.n).toBe(1);
    });

    it('uploads a referenced file (tus) before the event, and the other office fetches it on demand', async () => {
      const bytes = Buffer.from(`%PDF-1.4 bản scan ${kind} ${Date.now()}`);
      const stored = await new AttachmentStore(a1.dataDir).put(bytes);
      const id = receive(a1, 'Lê Văn Cường', {
        components: [
          { name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 }, fileSha256: stored.sha256 },
        ],
      });
      const report = await a1.sync.syncNow();
      expect(report?.uploaded).toBe(1);
      expect(report?.pushed).toBe(1);
      expect(await countServer(server, 'SELECT count(*) AS n FROM events WHERE dossier_id = $1', [id])).toBe(1);
      act(a1, id, 'transferred', { toOfficeId: OFFICES.b.id, mode: 'electronic' });
      await a1.sync.syncNow();
      await b.sync.syncNow();
      const fetched = await b.sync.fetchAttachment(stored.sha256);
      expect(fetched).toMatchObject({ fetched: true, size: bytes.length });
      expect((await new AttachmentStore(b.dataDir).read(stored.sha256, 0, 1e6)).bytes.equals(bytes)).toBe(true);
    });

    it('takes the catalogue and the organisation from the server', async () => {
      const res = await server.app.inject({
        method: 'PUT',
        url: '/admin/v1/reference/calendar',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { version: 1, years: [] },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      await b.sync.syncNow();
      expect(getMeta(b.db, 'sync.referenceVersion')).not.toBeUndefined();
      expect(b.db.get<{ n: number }>(`SELECT count(*) AS n FROM office WHERE id = ?`, OFFICES.province.id)?.n).toBe(1);
    });

    it('skips an office the local rules refuse and keeps the rest of the organisation', async () => {
      // This desktop already has an office of its own with the agency id the server gives Sở Tư pháp.
      const clash = openDesktop(OFFICES.a.id, { name: 'clash' });
      desks.push(clash);
      saveOffice(clash.db, {
        id: 'local-office',
        agencyId: OFFICES.c.agencyId,
        name: 'Văn phòng tự lập',
        level: 'office',
        parentId: null,
        address: '',
        phone: '',
        active: true,
      });
      await enrolDesktop(server, clash);
      await clash.sync.syncNow();
      const officeIds = clash.db.all<{ id: string }>('SELECT id FROM office ORDER BY id').map((r) => r.id);
      expect(officeIds).toEqual(
        expect.arrayContaining([OFFICES.province.id, OFFICES.a.id, OFFICES.b.id, 'local-office']),
      );
      expect(officeIds).not.toContain(OFFICES.c.id);
      expect(clash.sync.status().lastError).toBeNull();
      expect(Number(getMeta(clash.db, 'sync.referenceVersion'))).toBeGreaterThan(0);
    });

    it('projects a dossier met on several pages when the pull ends, also when the pull is cut short', async () => {
      // Three dossiers acted on in turn: in the server's log each one's events are pages apart.
      const ids = [receive(a1, 'Hồ Thị Một'), receive(a1, 'Hồ Thị Hai'), receive(a1, 'Hồ Thị Ba')];
      for (const id of ids) act(a1, id, 'step-completed', { step: 'Thẩm định' });
      for (const id of ids) act(a1, id, 'result-recorded', { summary: 'Kết quả' });
      await a1.sync.syncNow();
      const folds = await serverFolds(server);
      const backlog = (d: Desktop) => d.db.get<{ n: number }>('SELECT count(*) AS n FROM projection_backlog')?.n;

      const paged = openDesktop(OFFICES.a.id, { name: 'paged', sync: { pullLimit: 2 } });
      desks.push(paged);
      await enrolDesktop(server, paged);
      await paged.sync.syncNow();
      for (const id of ids) expect(desktopFolds(paged).get(id)).toBe(folds.get(id));
      expect(backlog(paged)).toBe(0);

      // The network goes after the third page: what was stored is projected all the same.
      let pulls = 0;
      const cut = openDesktop(OFFICES.a.id, {
        name: 'cut',
        sync: { pullLimit: 2 },
        transport: async (request) => {
          if (request.url.includes('/pull') && ++pulls > 3) throw new Error('cable pulled out');
          return fetchTransport(request);
        },
      });
      desks.push(cut);
      await enrolDesktop(server, cut);
      await expect(cut.sync.syncNow()).rejects.toMatchObject({ code: 'NETWORK' });
      const stored = cut.db.all<{ id: string }>('SELECT DISTINCT dossier_id AS id FROM event');
      expect(stored.length).toBeGreaterThan(0);
      for (const { id } of stored) {
        const state = cut.dossiers.state(id);
        if (!state) throw new Error(`dossier ${id} has events but no fold`);
        expect(desktopFolds(cut).get(id), id).toBe(foldHash(state));
      }
      expect(backlog(cut)).toBe(0);
    });

    it('shows how far a long pull is (events received, per cent of the way) and nothing once it ends', async () => {
      // The state as the status bar would read it, each time the engine asks for a page.
      const seen: { events: number; percent: number | null }[] = [];
      let watched: Desktop | null = null;
      watched = openDesktop(OFFICES.a.id, {
        name: 'watched',
        sync: { pullLimit: 2 },
        transport: async (request) => {
          const pull = watched?.sync.status().pull;
          if (request.url.includes('/pull') && pull) seen.push(pull);
          return fetchTransport(request);
        },
      });
      desks.push(watched);
      await enrolDesktop(server, watched);
      await watched.sync.syncNow();

      const stored = watched.db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n ?? 0;
      expect(stored).toBeGreaterThan(6);
      // Before the first answer nothing is known; then the count grows by pages and the share with it.
      expect(seen[0]).toEqual({ events: 0, percent: null });
      expect(seen.length).toBeGreaterThan(3);
      for (let i = 1; i < seen.length; i++) {
        const [before, now] = [seen[i - 1], seen[i]] as [(typeof seen)[number], (typeof seen)[number]];
        expect(now.events).toBeGreaterThanOrEqual(before.events);
        expect(now.percent ?? -1).toBeGreaterThanOrEqual(before.percent ?? -1);
      }
      expect(seen.some((p) => p.events > 0 && p.percent !== null && p.percent > 0 && p.percent < 100)).toBe(true);
      expect(seen.at(-1)?.events).toBeLessThanOrEqual(stored);
      expect(watched.sync.status().pull).toBeNull();
    });

    it('a dossier still waiting in the projection backlog (a pull killed halfway) is shown current, then projected by the next run', async () => {
      const id = receive(a1, 'Vũ Thị Năm');
      act(a1, id, 'step-completed', { step: 'Thẩm định' });
      await a1.sync.syncNow();
      const items = pulledItems(await serverEvents(id));
      const late = openDesktop(OFFICES.a.id, { name: 'killed' });
      desks.push(late);
      await enrolDesktop(server, late);
      // The pages a killed pull had stored, without the end of the pull.
      late.sync.applyPage(items.slice(0, 1), 0, 0);
      late.sync.applyPage(items.slice(1), 0, 0);
      expect(late.db.get<{ n: number }>('SELECT count(*) AS n FROM projection_backlog')?.n).toBe(1);
      expect(desktopFolds(late).has(id)).toBe(false);
      const session = late.accounts.openSessionFor(addTestUser(late, 'xem', ROLES));
      const shown = await late.call('dossier.get', { id }, { language: 'vi', session });
      expect(shown.ok && (shown.value as { row: { applicantName: string } }).row.applicantName).toBe('Vũ Thị Năm');
      expect(desktopFolds(late).get(id)).toBe((await serverFolds(server)).get(id));
      await late.sync.syncNow();
      expect(late.db.get<{ n: number }>('SELECT count(*) AS n FROM projection_backlog')?.n).toBe(0);
    });

    it('a page stored without deferring folds a dossier waiting in the backlog from its whole history', async () => {
      const id = receive(a1, 'Đỗ Thị Sáu');
      act(a1, id, 'step-completed', { step: 'Thẩm định' });
      await a1.sync.syncNow();
      const rows = await serverEvents(id);
      const desk = openDesktop(OFFICES.a.id, { name: 'generator' });
      desks.push(desk);
      // The first event came with a pull (the dossier, still open, waits); the second through the bulk
      // path the data generator uses, which projects at once.
      desk.sync.applyPage(pulledItems(rows.slice(0, 1)), 0, 0);
      desk.dossiers.applyRemote(rows.slice(1).map(eventOf));
      expect(desktopFolds(desk).get(id)).toBe((await serverFolds(server)).get(id));
    });

    it('reports a desktop clock a day behind and still syncs without loss', async () => {
      const late = openDesktop(OFFICES.a.id, { name: 'late', now: () => Date.now() - 86_400_000 });
      desks.push(late);
      await enrolDesktop(server, late);
      const id = receive(late, 'Phạm Thị Dung');
      await late.sync.syncNow();
      const status = late.sync.status();
      expect(status.clockSkewed).toBe(true);
      expect(status.clockSkewMs).toBeLessThan(-86_000_000);
      expect(status.pendingEvents).toBe(0);
      await a1.sync.syncNow();
      expect(desktopFolds(a1).get(id)).toBe((await serverFolds(server)).get(id));
    });
  });
}
