import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMeta } from '../../../electron/backend/db/meta';
import { ii06aReport, indicators766 } from '../../../electron/backend/reports/ii06a';
import { resolveScope } from '../../../electron/backend/reports/scope';
import { issueEnrolmentCode } from '../../../server/enrolment/devices';
import { addOffice } from '../../../server/office/offices';
import { instantMs } from '../../../shared/calendar/time';
import type { Ii06aView, ReportSource } from '../../../shared/contract/reports';
import type { Indicator } from '../../../shared/reports/indicators';
import { openTestBackend } from '../../helpers/backend';
import { dossierDriver, receiveIi06aDataset } from '../../helpers/ii06a';
import { backends, startTestServer, type TestServer } from '../sync/support';
import { signedInCallers } from './session';

/**
 * The reports of an enrolled desktop (issue 7 §4): the known dataset of ii06a.test.ts
 * (test/helpers/ii06a.ts) written through the real back end, pushed to the real central server (PGlite
 * and PostgreSQL) by the sync engine; then II.06a and the Decision 766 indicators come from the
 * server's route with exactly the cells this desktop computes from the same events, and say so (screen
 * data, Excel, PDF). With the server stopped, or one that never answers, the desktop computes them
 * itself and says why.
 */
const PERIOD = { from: '2026-04-01', to: '2026-04-30' };

for (const kind of Object.keys(backends) as (keyof typeof backends)[]) {
  describe(`reports of an enrolled desktop, server on ${kind}`, () => {
    let now = instantMs('2026-03-02T08:00:00+07:00');
    const backend = openTestBackend({ now: () => now });
    let server: TestServer;
    let users: Awaited<ReturnType<typeof signedInCallers>>;
    const call = <T>(name: string, input: unknown): Promise<T> => users.officer.call<T>(name, input);
    const desk = dossierDriver(call, (ms) => {
      now = ms;
    });

    /** What this desktop computes from its own data (the functions the handlers fall back to). */
    const localIi06a = () =>
      ii06aReport(backend.db, backend.dossiers.foldContext(), resolveScope(backend.db), PERIOD, now, 'Chưa xác định');
    const cellsOf = (v: Pick<Ii06aView, 'rows' | 'totals'>) => ({ rows: v.rows, totals: v.totals });

    beforeAll(async () => {
      // The test runs the sync engine by hand (syncNow), so its state is the one each step sets up.
      backend.sync.stop();
      users = await signedInCallers(backend, ['counter', 'supervisor']);
      // The dataset of ii06a.test.ts (hand-computed there) at xã Hưng Nguyên, O rated.
      await receiveIi06aDataset(desk, { rateO: true });
      desk.at('2026-05-06T10:00:00+07:00');

      server = await startTestServer(kind, false);
      const sample = resolveScope(backend.db).root;
      await addOffice(server.setup.db, {
        id: 'tinh',
        agencyId: '000.00.00.H40',
        name: 'Ủy ban nhân dân tỉnh Nghệ An',
        level: 'province',
      });
      await addOffice(server.setup.db, {
        id: sample.id,
        agencyId: sample.agencyId ?? '',
        name: sample.name,
        level: 'commune',
        parentId: 'tinh',
      });
      await addOffice(server.setup.db, {
        id: 'xa-nam-dan',
        agencyId: '000.22.31.H40',
        name: 'Ủy ban nhân dân xã Nam Đàn',
        level: 'commune',
        parentId: 'tinh',
      });
    }, 180_000);
    afterAll(async () => {
      await server?.close().catch(() => undefined);
      backend.dispose();
    });

    it('computes locally before the desktop is enrolled, and says why', async () => {
      const view = await call<Ii06aView>('reports.ii06a', PERIOD);
      expect(view.local).toBe(true);
      expect(view.source).toMatchObject({ kind: 'local', reason: 'not-enrolled' });
      expect(view.totals).toMatchObject({ receivedTotal: 13, resolvedTotal: 5, pendingTotal: 6, ended: 2 });
    });

    it('once enrolled and synced, takes the figures from the server: the same cells as computed here', async () => {
      const { code } = await issueEnrolmentCode(server.setup.db, 'xa-hung-nguyen');
      await backend.sync.enrol(server.url, code, 'Quầy 1 Hưng Nguyên');
      const run = await backend.sync.syncNow();
      expect(run).toMatchObject({ rejected: 0, waiting: 0 });
      expect(run?.pushed).toBeGreaterThan(30);

      const view = await call<Ii06aView>('reports.ii06a', PERIOD);
      expect(view.local).toBe(false);
      expect(view.source).toMatchObject({ kind: 'server', pendingLocal: 0 });
      expect(view.office).toEqual({
        id: 'xa-hung-nguyen',
        name: 'Ủy ban nhân dân xã Hưng Nguyên',
        agencyId: '000.21.31.H40',
      });
      const local = localIi06a();
      expect(local.source.kind).toBe('local');
      expect(cellsOf(view)).toEqual(cellsOf(local));
      // …which are the hand-computed figures of ii06a.test.ts.
      expect(view.rows.map((r) => [r.fieldCode, r.fieldName])).toEqual([
        ['HT', 'Hộ tịch'],
        ['CTH', 'Chứng thực'],
        ['DD', 'Đất đai'],
        ['HKD', 'Thành lập và hoạt động của hộ kinh doanh'],
      ]);
      expect(Object.values(view.totals)).toEqual([13, 2, 2, 9, 5, 1, 2, 2, 6, 4, 2, 2]);

      const indicators = await call<{ local: boolean; source: ReportSource; items: Indicator[] }>(
        'reports.indicators766',
        PERIOD,
      );
      expect(indicators.source.kind).toBe('server');
      const scope = resolveScope(backend.db);
      expect(indicators.items).toEqual(indicators766(backend.db, backend.dossiers.foldContext(), scope, PERIOD));
      expect(indicators.items.find((i) => i.key === 'satisfaction')).toMatchObject({ numerator: 16, denominator: 1 });
    });

    it('says on the Excel and PDF exports that the figures are the province-wide ones from the server', async () => {
      const file = await call<{ base64: string }>('reports.exportII06a', { ...PERIOD, format: 'xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('II.06a');
      const note = String(ws?.getCell(17, 1).value);
      expect(note).toMatch(/^Số liệu toàn tỉnh từ máy chủ, lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      const pdf = await call<{ fileName: string; base64: string }>('reports.exportII06a', { ...PERIOD, format: 'pdf' });
      const path = join(backend.dataDir, pdf.fileName);
      writeFileSync(path, Buffer.from(pdf.base64, 'base64'));
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      expect(text).toMatch(/Số liệu toàn tỉnh từ máy chủ, lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      expect(text).not.toContain('Số liệu tính từ dữ liệu trên máy này');
      // An unsent local change is announced under the note.
      await desk.act('2026-05-06T10:05:00+07:00', firstOpenDossier(), 'step-completed', { step: 'Thẩm định' });
      const pending = await call<Ii06aView>('reports.ii06a', PERIOD);
      expect(pending.source).toMatchObject({ kind: 'server', pendingLocal: 1 });
      const withPending = await call<{ base64: string }>('reports.exportII06a', { ...PERIOD, format: 'xlsx' });
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(Buffer.from(withPending.base64, 'base64') as unknown as ArrayBuffer);
      expect(String(wb2.getWorksheet('II.06a')?.getCell(18, 1).value)).toBe(
        'Máy này còn 1 thao tác chưa gửi lên máy chủ, chưa có trong số liệu.',
      );
    });

    function firstOpenDossier(): string {
      const row = backend.db.get<{ id: string }>(
        'SELECT id FROM dossier WHERE closed = 0 AND result_at IS NULL ORDER BY received_at LIMIT 1',
      );
      if (!row) throw new Error('no open dossier');
      return row.id;
    }

    it('asks the server only for its own scope: another office of the local tree is computed here', async () => {
      // xã Hưng Nguyên's units are in the desk's local tree but not the server's: the subtree the
      // server reports is the commune itself, so a unit is refused by the local scope or the server.
      const view = await call<Ii06aView>('reports.ii06a', { ...PERIOD, officeId: 'xa-hung-nguyen-mc' });
      expect(view.source).toMatchObject({ kind: 'local', reason: 'refused' });
      expect(view.source.kind === 'local' && view.source.detail).toBe(
        'Cơ quan, đơn vị xa-hung-nguyen-mc nằm ngoài phạm vi được xem của thiết bị này',
      );
    });

    it('falls back to its own data when the server never answers, within the short time-out', async () => {
      const sockets: Socket[] = [];
      const silent: Server = createServer((socket) => {
        sockets.push(socket);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const address = silent.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      setMeta(backend.db, 'sync.serverUrl', `http://127.0.0.1:${port}`);
      try {
        const view = await call<Ii06aView>('reports.ii06a', PERIOD);
        expect(view.source).toMatchObject({ kind: 'local', reason: 'unreachable' });
        expect(sockets.length).toBe(1);
        expect(cellsOf(view)).toEqual(cellsOf(localIi06a()));
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
        setMeta(backend.db, 'sync.serverUrl', server.url);
      }
    }, 30_000);

    it('falls back to its own data when the server is down, and the exports say so', async () => {
      await server.close();
      const view = await call<Ii06aView>('reports.ii06a', PERIOD);
      expect(view.local).toBe(true);
      expect(view.source).toMatchObject({ kind: 'local', reason: 'unreachable' });
      expect(cellsOf(view)).toEqual(cellsOf(localIi06a()));
      const indicators = await call<{ source: ReportSource }>('reports.indicators766', PERIOD);
      expect(indicators.source).toMatchObject({ kind: 'local', reason: 'unreachable' });
      const file = await call<{ base64: string }>('reports.exportII06a', { ...PERIOD, format: 'xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('II.06a');
      expect(ws?.getCell(17, 1).value).toBe('Số liệu tính từ dữ liệu trên máy này');
      expect(ws?.getCell(18, 1).value).toBe('Máy chủ trung tâm không trả lời.');

      // Once the sync engine has found the server unreachable, reports do not wait for it at all.
      await expect(backend.sync.syncNow()).rejects.toThrow();
      expect(backend.sync.status().online).toBe(false);
      const offline = await call<Ii06aView>('reports.ii06a', PERIOD);
      expect(offline.source).toMatchObject({ kind: 'local', reason: 'offline' });
      const pdf = await call<{ fileName: string; base64: string }>('reports.exportII06a', { ...PERIOD, format: 'pdf' });
      const path = join(backend.dataDir, pdf.fileName);
      writeFileSync(path, Buffer.from(pdf.base64, 'base64'));
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      expect(text).toContain('Số liệu tính từ dữ liệu trên máy này');
      expect(text).toContain('Máy này đang mất kết nối với máy chủ trung tâm.');
    });
  });
}
