import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantMs } from '../../../shared/calendar/time';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { Ii06aView } from '../../../shared/contract/reports';
import { openTestBackend } from '../../helpers/backend';
import { signedInCallers } from './session';

/**
 * Form II.06a on a known dataset built through the real back end (DossierStore, SQLite, the default
 * Labor Code calendar of 2026: 26/4 Hùng Kings (Sunday) → 27/4 compensatory, 30/4 and 1/5 holidays).
 * Every cell is compared with values worked out by hand below. Period: 01/04/2026 – 30/04/2026.
 */
let now = instantMs('2026-03-02T08:00:00+07:00');
const backend = openTestBackend({ now: () => now });
afterAll(() => backend.dispose());
let users: Awaited<ReturnType<typeof signedInCallers>>;
const call = <T>(name: string, input: unknown): Promise<T> => users.officer.call<T>(name, input);
const at = (iso: string) => {
  now = instantMs(iso);
};
async function receive(when: string, procedureCode: string, channel: 1 | 2 | 3 = 1): Promise<string> {
  at(when);
  const d = await call<DossierDetail>('dossier.receive', {
    procedureCode,
    channel,
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '040190001234' },
    components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
  });
  return d.row.id;
}
async function act(when: string, dossierId: string, type: string, payload: unknown): Promise<DossierDetail> {
  at(when);
  return call<DossierDetail>('dossier.act', { dossierId, type, payload });
}
const result = (when: string, id: string) => act(when, id, 'result-recorded', { summary: 'Kết quả' });

const HKD = '1.001612'; // Hộ kinh doanh, 3 working days
const HT3 = '1.004873'; // Hộ tịch, 3 working days
const HT_SAME_DAY = '1.000894'; // Hộ tịch, same day (next working day after 15:00)
const DD = '1.013831'; // Đất đai, 10 working days
const CTH = '2.001035'; // Chứng thực, 2 working days

const dues: Record<string, string | null> = {};

beforeAll(async () => {
  users = await signedInCallers(backend, ['counter', 'supervisor']);
  // J — Đất đai, received 02/03, never resolved: carried over, overdue at the end of April.
  const J = await receive('2026-03-02T08:30:00+07:00', DD);
  // N — received 10/03 and withdrawn 12/03: closed before the period, not counted.
  const N = await receive('2026-03-10T08:00:00+07:00', HT3);
  await act('2026-03-12T08:00:00+07:00', N, 'withdrawn', { reason: 'Công dân rút hồ sơ' });
  // B — received 20/03, resolved 24/03: before the period, not counted.
  const B = await receive('2026-03-20T09:00:00+07:00', HKD);
  await result('2026-03-24T09:00:00+07:00', B);
  // A — received Fri 27/03 09:00, due Wed 01/04 09:00; result 02/04: carried over, late.
  const A = await receive('2026-03-27T09:00:00+07:00', HKD);
  // E — Đất đai received Wed 01/04 09:00, due 15/04 09:00; apology on 13/04 (2 working days before,
  // in time) with a new due time 24/04 17:00; result 24/04 09:00: on time against the extension.
  const E = await receive('2026-04-01T09:00:00+07:00', DD);
  await result('2026-04-02T10:00:00+07:00', A);
  // F — received 02/04, withdrawn 03/04: received, then ended (neither resolved nor pending).
  const F = await receive('2026-04-02T14:00:00+07:00', HT3);
  await act('2026-04-03T09:00:00+07:00', F, 'withdrawn', {});
  // C — online, received Mon 06/04 14:00, due Thu 09/04 14:00; result 09/04 16:30: after the clock
  // time but on the due date → on time (dates are compared).
  const C = await receive('2026-04-06T14:00:00+07:00', HT3, 2);
  // M — Chứng thực received 06/04, stopped (form 05) 07/04: ended.
  const M = await receive('2026-04-06T15:00:00+07:00', CTH);
  await act('2026-04-07T09:00:00+07:00', M, 'stopped', { reason: 'Theo đề nghị của cơ quan có thẩm quyền' });
  // G — Đất đai received Wed 08/04 10:00, due 22/04 10:00; resolved only on 05/05: pending, overdue.
  const G = await receive('2026-04-08T10:00:00+07:00', DD);
  await result('2026-04-09T16:30:00+07:00', C);
  // D — received Mon 13/04 08:00, due 16/04 08:00; supplement requested Tue 14/04 08:00, supplied
  // Mon 20/04 08:00 (4 working days paused) → due Wed 22/04 08:00; result 21/04: early.
  const D = await receive('2026-04-13T08:00:00+07:00', HT3);
  await act('2026-04-13T09:00:00+07:00', E, 'apology-issued', {
    reason: 'Cần xác minh thực địa',
    newDueAt: '2026-04-24T17:00:00+07:00',
  });
  await act('2026-04-14T08:00:00+07:00', D, 'supplement-requested', {
    items: ['Bản sao giấy khai sinh'],
    reason: 'Thiếu giấy tờ',
  });
  await act('2026-04-20T08:00:00+07:00', D, 'supplement-received', {});
  // O — received Mon 20/04 08:00, due Thu 23/04 08:00; result and return 24/04: late.
  const O = await receive('2026-04-20T08:05:00+07:00', HT3);
  await result('2026-04-21T10:00:00+07:00', D);
  // I — HKD received Wed 22/04 09:00, due 28/04 09:00 (27/04 compensatory day); supplement requested
  // 24/04 and not supplied by 30/04: paused before its due time → within time at the end.
  const I = await receive('2026-04-22T09:00:00+07:00', HKD);
  await result('2026-04-24T08:30:00+07:00', E);
  await result('2026-04-24T09:00:00+07:00', O);
  await act('2026-04-24T09:30:00+07:00', O, 'returned', {
    collectedBy: { fullName: 'Nguyễn Văn An', relation: 'applicant' },
  });
  await act('2026-04-24T10:00:00+07:00', I, 'supplement-requested', { items: ['Hợp đồng thuê'], reason: 'Thiếu' });
  // P — HKD online, received Tue 28/04 10:00 (between holidays), due Tue 05/05 10:00: within time.
  const P = await receive('2026-04-28T10:00:00+07:00', HKD, 2);
  // H — holiday eve: same-day procedure received Wed 29/04 16:00 (after 15:00) → due the next working
  // day, Mon 04/05 17:00 (30/04, 01/05 holidays, then the weekend): pending within time.
  const H = await receive('2026-04-29T16:00:00+07:00', HT_SAME_DAY);
  // H2 — holiday eve, Chứng thực 2 working days, received 29/04 10:00 → due 05/05 10:00: within time.
  const H2 = await receive('2026-04-29T10:00:00+07:00', CTH);
  // Q — received by another commune (outside the subtree of xa-hung-nguyen): not in its report.
  await users.admin.call('desk.set', {
    officeId: 'xa-nam-dan',
    counterId: null,
    officerName: 'Lê Thị Hoa',
    place: 'Nam Đàn',
  });
  await receive('2026-04-29T10:30:00+07:00', HT3);
  await users.admin.call('desk.set', {
    officeId: 'xa-hung-nguyen',
    counterId: 'quay-1',
    officerName: 'Nguyễn Thị Thu Hà',
    place: 'Hưng Nguyên',
  });
  // K — received after the period: not counted. G resolved after the period (still pending at 30/04).
  await receive('2026-05-04T08:00:00+07:00', HT3);
  await result('2026-05-05T09:00:00+07:00', G);
  for (const [name, id] of Object.entries({ A, C, D, E, G, H, H2, I, J, O, P })) {
    dues[name] = (await call<DossierDetail>('dossier.get', { id })).row.dueAt;
  }
  at('2026-05-06T10:00:00+07:00');
});

const cells = (o: Partial<Record<string, number>>) => ({
  receivedTotal: 0,
  carriedOver: 0,
  receivedOnline: 0,
  receivedDirect: 0,
  resolvedTotal: 0,
  resolvedEarly: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  pendingTotal: 0,
  pendingWithinTime: 0,
  pendingOverdue: 0,
  ended: 0,
  ...o,
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
      cells({
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
      cells({ receivedTotal: 2, receivedDirect: 2, pendingTotal: 1, pendingWithinTime: 1, ended: 1 }),
    );
    // DD: E on time by the extension; G pending overdue; J carried over, pending overdue.
    expect(byField.DD).toEqual(
      cells({
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
      cells({
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
      cells({
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
