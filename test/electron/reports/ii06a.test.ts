import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantMs } from '../../../shared/calendar/time';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { Ii06aView } from '../../../shared/contract/reports';
import { openTestBackend } from '../../helpers/backend';
import { dossierDriver, ii06aCells, receiveIi06aDataset } from '../../helpers/ii06a';
import { signedInCallers } from './session';

/**
 * Form II.06a on the known dataset of test/helpers/ii06a.ts, built through the real back end
 * (DossierStore, SQLite, the default Labor Code calendar of 2026). Every cell is compared with values
 * worked out by hand from it. Period: 01/04/2026 – 30/04/2026.
 */
let now = instantMs('2026-03-02T08:00:00+07:00');
const backend = openTestBackend({ now: () => now });
afterAll(() => backend.dispose());
let users: Awaited<ReturnType<typeof signedInCallers>>;
const call = <T>(name: string, input: unknown): Promise<T> => users.officer.call<T>(name, input);
const desk = dossierDriver(call, (ms) => {
  now = ms;
});

const dues: Record<string, string | null> = {};

beforeAll(async () => {
  users = await signedInCallers(backend, ['counter', 'supervisor']);
  const ids = await receiveIi06aDataset(desk, { otherCommune: users.admin });
  for (const [name, id] of Object.entries(ids)) {
    dues[name] = (await call<DossierDetail>('dossier.get', { id })).row.dueAt;
  }
  desk.at('2026-05-06T10:00:00+07:00');
});

describe('form II.06a', () => {
  it('derives the due times the hand computation relies on', () => {
    expect(dues).toMatchObject({
      A: '2026-04-01T09:00:00+07:00',
      C: '2026-04-09T14:00:00+07:00',
      D: '2026-04-22T08:00:00+07:00',
      E: '2026-04-24T17:00:00+07:00',
      G: '2026-04-22T10:00:00+07:00',
      H: '2026-05-04T17:00:00+07:00',
      H2: '2026-05-05T10:00:00+07:00',
      O: '2026-04-23T08:05:00+07:00',
      P: '2026-05-05T10:00:00+07:00',
    });
  });

  it('gives every cell computed by hand, per field in catalogue order, with the totals row', async () => {
    const report = await call<Ii06aView>('reports.ii06a', { from: '2026-04-01', to: '2026-04-30' });
    expect(report.office).toEqual({
      id: 'xa-hung-nguyen',
      name: 'Ủy ban nhân dân xã Hưng Nguyên',
      agencyId: '000.21.31.H40',
    });
    expect(report.local).toBe(true);
    expect(report.rows.map((r) => [r.fieldCode, r.fieldName])).toEqual([
      ['HT', 'Hộ tịch'],
      ['CTH', 'Chứng thực'],
      ['DD', 'Đất đai'],
      ['HKD', 'Thành lập và hoạt động của hộ kinh doanh'],
    ]);
    const byField = Object.fromEntries(report.rows.map(({ fieldCode, fieldName: _, ...c }) => [fieldCode, c]));
    // HT: C online on time; D early (paused); F withdrawn; O late; H holiday eve, pending within time.
    expect(byField.HT).toEqual(
      ii06aCells({
        receivedTotal: 5,
        receivedOnline: 1,
        receivedDirect: 4,
        resolvedTotal: 3,
        resolvedEarly: 1,
        resolvedOnTime: 1,
        resolvedLate: 1,
        pendingTotal: 1,
        pendingWithinTime: 1,
        ended: 1,
      }),
    );
    // CTH: H2 holiday eve pending within time; M stopped.
    expect(byField.CTH).toEqual(
      ii06aCells({ receivedTotal: 2, receivedDirect: 2, pendingTotal: 1, pendingWithinTime: 1, ended: 1 }),
    );
    // DD: E on time by the extension; G pending overdue; J carried over, pending overdue.
    expect(byField.DD).toEqual(
      ii06aCells({
        receivedTotal: 3,
        carriedOver: 1,
        receivedDirect: 2,
        resolvedTotal: 1,
        resolvedOnTime: 1,
        pendingTotal: 2,
        pendingOverdue: 2,
      }),
    );
    // HKD: A carried over, late; I paused before due, within time; P online, within time.
    expect(byField.HKD).toEqual(
      ii06aCells({
        receivedTotal: 3,
        carriedOver: 1,
        receivedOnline: 1,
        receivedDirect: 1,
        resolvedTotal: 1,
        resolvedLate: 1,
        pendingTotal: 2,
        pendingWithinTime: 2,
      }),
    );
    expect(report.totals).toEqual(
      ii06aCells({
        receivedTotal: 13,
        carriedOver: 2,
        receivedOnline: 2,
        receivedDirect: 9,
        resolvedTotal: 5,
        resolvedEarly: 1,
        resolvedOnTime: 2,
        resolvedLate: 2,
        pendingTotal: 6,
        pendingWithinTime: 4,
        pendingOverdue: 2,
        ended: 2,
      }),
    );
  });

  it('carries the April pending dossiers into May and counts what was resolved then', async () => {
    const may = await call<Ii06aView>('reports.ii06a', { from: '2026-05-01', to: '2026-05-31' });
    // Open at 01/05: G, H, H2, I, J, P → carried over 6; K received 04/05 (HT); G resolved 05/05 late.
    expect(may.totals).toMatchObject({
      carriedOver: 6,
      receivedDirect: 1,
      receivedOnline: 0,
      receivedTotal: 7,
      resolvedTotal: 1,
      resolvedLate: 1,
    });
    // At 31/05 (today is 06/05, nothing else resolved): H, H2, J, K, P overdue by then; I paused before its due.
    expect(may.totals).toMatchObject({ pendingTotal: 6, pendingOverdue: 5, pendingWithinTime: 1 });
  });

  it('refuses an office outside the desk subtree and a reversed period, with translated messages', async () => {
    const outside = await users.officer.raw('reports.ii06a', {
      from: '2026-04-01',
      to: '2026-04-30',
      officeId: 'so-tu-phap',
    });
    expect(outside).toMatchObject({ ok: false, error: { code: 'REPORT_SCOPE_FORBIDDEN' } });
    if (!outside.ok) expect(outside.error.message).toBe('Đơn vị so-tu-phap không thuộc phạm vi giám sát của máy này.');
    const reversed = await users.officer.raw('reports.ii06a', { from: '2026-05-01', to: '2026-04-30' });
    expect(reversed).toMatchObject({ ok: false, error: { code: 'REPORT_PERIOD_INVALID' } });
  });

  it('exports a workbook laid out like the template: title, period, unit, merged headings, totals', async () => {
    const file = await call<{ fileName: string; base64: string }>('reports.exportII06a', {
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(file.fileName).toBe('BaoCao_II.06a_000.21.31.H40_2026-04-01_2026-04-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('II.06a');
    if (!ws) throw new Error('no sheet');
    const text = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
    expect(text(2, 1)).toMatch(/^TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH/);
    expect(text(3, 1)).toBe('Kỳ báo cáo: từ ngày 01/04/2026 đến ngày 30/04/2026');
    expect(text(4, 1)).toBe('Đơn vị báo cáo: Ủy ban nhân dân xã Hưng Nguyên (000.21.31.H40)');
    expect(text(7, 3)).toBe('Số hồ sơ nhận giải quyết');
    expect(text(7, 7)).toBe('Kết quả giải quyết');
    expect(text(8, 7)).toBe('Số hồ sơ đã giải quyết');
    expect(text(8, 11)).toBe('Số hồ sơ đang giải quyết');
    expect([4, 5, 6].map((c) => text(9, c))).toEqual([
      'Số kỳ trước chuyển qua',
      'Số mới tiếp nhận trực tuyến',
      'Số mới tiếp nhận trực tiếp, qua bưu chính',
    ]);
    expect(ws.getCell(7, 4).isMerged && ws.getCell(7, 4).master.address).toBe('C7');
    expect(ws.getCell(8, 9).master.address).toBe('G8');
    const values = (r: number) => Array.from({ length: 14 }, (_, i) => ws.getCell(r, i + 1).value);
    expect(values(11)).toEqual(['1', 'Hộ tịch', 5, 0, 1, 4, 3, 1, 1, 1, 1, 1, 0, 1]);
    expect(values(15)).toEqual(['', 'Tổng số', 13, 2, 2, 9, 5, 1, 2, 2, 6, 4, 2, 2]);
    expect(text(17, 1)).toBe('Số liệu tính từ dữ liệu trên máy này');
  });

  it('exports a PDF with Vietnamese text, the totals and the offline note', async () => {
    const file = await call<{ fileName: string; base64: string }>('reports.exportII06a', {
      from: '2026-04-01',
      to: '2026-04-30',
      format: 'pdf',
    });
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const path = join(backend.dataDir, file.fileName);
    writeFileSync(path, bytes);
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Biểu số II.06a');
    expect(text).toContain('Kỳ báo cáo: từ ngày 01/04/2026 đến ngày 30/04/2026');
    expect(text).toContain('Số liệu tính từ dữ liệu trên máy này');
    expect(text).toMatch(/Tổng số\s+13\s+2\s+2\s+9\s+5\s+1\s+2\s+2\s+6\s+4\s+2\s+2/);
  });
});
