import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FormKind, renderForm, supplementRequestOf } from '../../../electron/backend/forms';
import { AppError } from '../../../shared/contract/result';
import { type DossierEvent, dossierEventSchema } from '../../../shared/dossier/events';
import { type DossierState, fold } from '../../../shared/dossier/fold';
import {
  AGENCY,
  ASSETS,
  CODE,
  COUNTER,
  ctx,
  ev,
  foldCtx,
  processedEvents,
  receivedEvent,
  receivedState,
} from './fixtures';
import { decodeQr, flatText, inkRatio, pageSizes, pdfText, readPng, renderPage } from './pdf';

const opts = { assetsDir: ASSETS };
const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
const A4 = { width: 595.28, height: 841.89 };

function expectOfficialHeader(text: string, form: FormKind) {
  expect(text).toContain(NATION);
  expect(text).toContain(MOTTO);
  expect(text).toContain(`Mẫu số ${form}`);
  expect(text).toContain('UBND THÀNH PHỐ HÀ NỘI');
  expect(text).toContain('BỘ PHẬN MỘT CỬA UBND');
}

async function expectRejects(promise: Promise<unknown>, code: string, params?: Record<string, string>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (params) expect((error as AppError).params).toMatchObject(params);
}

describe('form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả', () => {
  it('prints two A4 copies with the header, code, dates, components, place and signatures', async () => {
    const bytes = await renderForm('01', { state: receivedState() }, ctx, opts);
    expect(await pageSizes(bytes)).toEqual([
      expect.objectContaining({ width: expect.closeTo(A4.width, 1), height: expect.closeTo(A4.height, 1) }),
      expect.objectContaining({ width: expect.closeTo(A4.width, 1), height: expect.closeTo(A4.height, 1) }),
    ]);
    const pages = [flatText(bytes, 1), flatText(bytes, 2)];
    expect(pages[0]).toContain('(Liên 1: Giao cho người nộp hồ sơ)');
    expect(pages[1]).toContain('(Liên 2: Lưu tại Bộ phận tiếp nhận và trả kết quả)');
    for (const text of pages) {
      expectOfficialHeader(text, '01');
      expect(text).toContain('Hà Nội, ngày 27 tháng 10 năm 2023');
      expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
      expect(text).toContain(`Mã hồ sơ: ${CODE}`);
      expect(text).toContain('Ông/Bà: Đặng Thị Ưng');
      expect(text).toContain('Chủ hồ sơ: Lê Văn Ổn');
      expect(text).toContain('Cấp bản sao trích lục hộ tịch (mã thủ tục: 2.000488)');
      expect(text).toContain('Tờ khai đề nghị cấp bản sao trích lục hộ tịch');
      expect(text).toMatch(/Căn cước công dân của người yêu cầu\s+Bản sao chứng thực\s+01/);
      expect(text).toContain('Thời gian giải quyết hồ sơ theo quy định: 05 ngày làm việc');
      expect(text).toContain('Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 27 tháng 10 năm 2023');
      expect(text).toContain('Ngày hẹn trả kết quả: 09 giờ 32 phút, ngày 03 tháng 11 năm 2023');
      expect(text).toContain('Nơi trả kết quả: Bộ phận Một cửa UBND phường Hoàn Kiếm, 126 Hàng Trống');
      expect(text).toMatch(/NGƯỜI NỘP HỒ SƠ\s+NGƯỜI TIẾP NHẬN HỒ SƠ/);
      expect(text).toMatch(/\(Ký và ghi rõ họ tên\)\s+\(Ký và ghi rõ họ tên\)/);
      expect(text).toMatch(/Đặng Thị Ưng\s+Nguyễn Văn Được/);
    }
  });

  it('renders to a non-trivial page image whose QR code is the dossier code', async () => {
    const bytes = await renderForm('01', { state: receivedState() }, ctx, opts);
    const small = renderPage(bytes, 60);
    expect(statSync(small).size).toBeGreaterThan(10_000);
    const preview = readPng(small);
    expect(Math.abs(preview.width - 496)).toBeLessThanOrEqual(1);
    expect(Math.abs(preview.height - 702)).toBeLessThanOrEqual(1);
    const ink = inkRatio(preview);
    expect(ink).toBeGreaterThan(0.02);
    expect(ink).toBeLessThan(0.3);
    expect(decodeQr(readPng(renderPage(bytes, 150)))).toBe(CODE);
    expect(decodeQr(readPng(renderPage(bytes, 150, 2)))).toBe(CODE);
  });

  it('keeps Vietnam local time whatever the offset the instants were written with', async () => {
    const state = receivedState();
    const utc: DossierState = { ...state, receivedAt: '2023-10-27T02:32:00Z', dueAt: '2023-11-03T02:32:00.000Z' };
    const text = flatText(await renderForm('01', { state: utc }, { ...ctx, printedAt: '2023-10-26T23:30:00Z' }, opts));
    expect(text).toContain('Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 27 tháng 10 năm 2023');
    expect(text).toContain('Ngày hẹn trả kết quả: 09 giờ 32 phút, ngày 03 tháng 11 năm 2023');
  });

  it('writes day < 10 and months 1–2 with a leading zero, other months without (Decree 30/2020)', async () => {
    const s = fold([receivedEvent('2024-01-05T14:05', { code: '000.00.06.H56-240105-0001' })], foldCtx);
    const text = flatText(await renderForm('01', { state: s }, ctx, opts), 1);
    expect(text).toContain('Hà Nội, ngày 05 tháng 01 năm 2024');
    expect(text).toContain('Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 05 tháng 01 năm 2024');
    expect(text).toContain('Ngày hẹn trả kết quả: 14 giờ 05 phút, ngày 12 tháng 01 năm 2024');
  });

  it('refuses a dossier that has not been received', async () => {
    const refused = fold([ev('refused', '2023-10-27T09:00', { reason: 'Không thuộc thẩm quyền' })], foldCtx);
    await expectRejects(renderForm('01', { state: refused }, ctx, opts), 'FORM_NOT_APPLICABLE', { form: '01' });
  });

  it('prints HTML, script, markup and template syntax in any field as literal text', async () => {
    const hostile = '<script>alert("x")</script> <b>Ưng</b> **đậm** {{office.name}}';
    const state = receivedState({
      applicant: { fullName: hostile, address: '<img src=x onerror=alert(1)>', phone: '0912345678' },
      components: [{ name: '<i>Tờ khai</i> & "trích lục"', copies: { original: 1, certified: 0, photocopy: 0 } }],
    });
    const text = flatText(await renderForm('01', { state }, ctx, opts), 1);
    expect(text).toContain('<script>alert("x")</script> <b>Ưng</b> **đậm** {{office.name}}');
    expect(text).toContain('Địa chỉ: <img src=x onerror=alert(1)>');
    expect(text).toContain('<i>Tờ khai</i> & "trích lục"');
  });

  it('wraps a 10,000-character name without losing the rest of the form', async () => {
    const name = `${'Nguyễn Thị Ánh Tuyết '.repeat(476)}Đặng Thị Ưng`;
    const unbroken = 'Ư'.repeat(10_000);
    expect(name.length).toBeGreaterThanOrEqual(10_000);
    for (const fullName of [name, unbroken]) {
      const state = receivedState({
        applicant: { fullName },
        components: [{ name: fullName, copies: { original: 1, certified: 0, photocopy: 0 } }],
      });
      const bytes = await renderForm('01', { state }, ctx, opts);
      const text = pdfText(bytes);
      expect(text).toContain('Ngày hẹn trả kết quả');
      expect(text).toContain('NGƯỜI TIẾP NHẬN HỒ SƠ');
      // The component cell is cut with an ellipsis so its row fits on a page.
      expect(text).toContain('…');
      const pages = await pageSizes(bytes);
      expect(pages.length).toBeGreaterThan(2);
      expect(pages.length).toBeLessThan(30);
    }
  });
});

describe('form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', () => {
  const items = ['Bản sao Giấy khai sinh có chứng thực', 'Tờ khai ghi đầy đủ mục "Quan hệ với người được cấp"'];
  const reason = 'Hồ sơ thiếu giấy tờ chứng minh quan hệ nhân thân theo quy định';

  it('lists the items and reason of the supplement request recorded on the dossier', async () => {
    const events: DossierEvent[] = [
      receivedEvent(),
      ev('supplement-requested', '2023-10-30T08:15', { items, reason }, { officeId: COUNTER }),
    ];
    const state = fold(events, foldCtx);
    expect(state.statusName).toBe('supplementRequested');
    const request = supplementRequestOf(events);
    expect(request).toEqual({ items, reason, at: '2023-10-30T08:15:00+07:00' });
    const bytes = await renderForm('02', { state, request: request as NonNullable<typeof request> }, ctx, opts);
    const text = flatText(bytes);
    expectOfficialHeader(text, '02');
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain(`Mã hồ sơ: ${CODE}`);
    expect(text).toContain('Hà Nội, ngày 30 tháng 10 năm 2023');
    expect(text).toContain('Ông/Bà: Đặng Thị Ưng');
    expect(text).toContain('1. Bản sao Giấy khai sinh có chứng thực');
    expect(text).toContain('2. Tờ khai ghi đầy đủ mục "Quan hệ với người được cấp"');
    expect(text).toContain(`Lý do: ${reason}`);
    expect(text).toContain('024 3825 3536');
    expect(text).toContain('NGƯỜI HƯỚNG DẪN');
  });

  it('is printed at intake, before any dossier exists, from the applicant and procedure given', async () => {
    const bytes = await renderForm(
      '02',
      {
        applicant: { fullName: 'Đặng Thị Ưng', phone: '0912345678' },
        procedure: { code: '1.000894', name: 'Đăng ký khai sinh' },
        request: { items: ['Giấy chứng sinh'], reason: 'Thiếu giấy chứng sinh', at: '2023-10-27T09:00:00+07:00' },
      },
      ctx,
      opts,
    );
    const text = flatText(bytes);
    expect(text).toContain('Ông/Bà: Đặng Thị Ưng');
    expect(text).toContain('Đăng ký khai sinh (mã thủ tục: 1.000894)');
    expect(text).toContain('1. Giấy chứng sinh');
    expect(text).not.toContain('Mã hồ sơ');
  });

  it('refuses a request without items', async () => {
    await expectRejects(
      renderForm('02', { state: receivedState(), request: { items: [], reason: 'x', at: ctx.printedAt } }, ctx, opts),
      'FORM_DATA_INVALID',
      { form: '02' },
    );
  });
});

describe('form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ', () => {
  it('gives the reason of a refusal at intake', async () => {
    const state = fold(
      [ev('refused', '2023-10-27T09:05', { reason: 'Thủ tục không thuộc thẩm quyền giải quyết của UBND phường' })],
      foldCtx,
    );
    const bytes = await renderForm(
      '03',
      {
        state,
        applicant: { fullName: 'Đặng Thị Ưng' },
        procedure: { code: '2.000488', name: 'Cấp bản sao trích lục hộ tịch' },
      },
      ctx,
      opts,
    );
    const text = flatText(bytes);
    expectOfficialHeader(text, '03');
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('Ông/Bà: Đặng Thị Ưng');
    expect(text).toContain('Thủ tục không thuộc thẩm quyền giải quyết của UBND phường');
    expect(text).toContain('Xin thông báo để Ông/Bà được biết và thực hiện./.');
  });

  it('needs a reason', async () => {
    await expectRejects(
      renderForm('03', { applicant: { fullName: 'A' }, procedure: { code: '1', name: 'B' } }, ctx, opts),
      'FORM_NOT_APPLICABLE',
      { form: '03', missing: 'refusal.reason' },
    );
  });
});

describe('forms 04 and 05: apology and extension, stop notice', () => {
  it('04 states the reason, the old due time and the new date', async () => {
    const state = fold(
      [
        receivedEvent(),
        ev('transferred', '2023-10-27T10:00', { toOfficeId: AGENCY, mode: 'electronic' }, { officeId: COUNTER }),
        ev(
          'apology-issued',
          '2023-11-01T10:00',
          { reason: 'Cần xác minh thông tin hộ tịch tại nơi đăng ký trước đây', newDueAt: '2023-11-10T16:00:00+07:00' },
          { officeId: AGENCY },
        ),
      ],
      foldCtx,
    );
    expect(state.extension).not.toBeNull();
    const bytes = await renderForm('04', { state, documentNo: '125/TB-UBND' }, ctx, opts);
    const text = flatText(bytes);
    expectOfficialHeader(text, '04');
    expect(text).toContain('Số: 125/TB-UBND');
    expect(text).toContain('Hà Nội, ngày 01 tháng 11 năm 2023');
    expect(text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(text).toContain('Kính gửi: Ông/Bà Đặng Thị Ưng');
    expect(text).toContain('09 giờ 32 phút, ngày 03 tháng 11 năm 2023');
    expect(text).toContain('Cần xác minh thông tin hộ tịch tại nơi đăng ký trước đây');
    expect(text).toContain('16 giờ 00 phút, ngày 10 tháng 11 năm 2023');
    expect(text).toContain('THỦ TRƯỞNG CƠ QUAN');
  });

  it('04 is refused for a dossier without an extension', async () => {
    await expectRejects(renderForm('04', { state: receivedState() }, ctx, opts), 'FORM_NOT_APPLICABLE', {
      missing: 'extension',
    });
  });

  it('05 states the stop and its reason', async () => {
    const state = fold(
      [receivedEvent(), ev('stopped', '2023-10-31T15:20', { reason: 'Người yêu cầu đã chết trước khi có kết quả' })],
      foldCtx,
    );
    const text = flatText(await renderForm('05', { state }, ctx, opts));
    expectOfficialHeader(text, '05');
    expect(text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('kể từ ngày 31 tháng 10 năm 2023');
    expect(text).toContain('Lý do: Người yêu cầu đã chết trước khi có kết quả');
    expect(text).toContain(CODE);
  });
});

describe('form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ', () => {
  it('lists every hand-off with its offices, times and early / on time / late', async () => {
    const state = fold(processedEvents(), foldCtx);
    expect(state.rejected).toEqual([]);
    expect(state.handoffs.map((h) => h.timeliness)).toEqual(['on-time', 'late', 'early']);
    const text = pdfText(await renderForm('06', { state }, ctx, opts));
    const flat = text.replace(/[ \t]+/g, ' ');
    expectOfficialHeader(flat, '06');
    expect(flat).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(flat).toContain(`Mã hồ sơ: ${CODE}`);
    expect(flat).toContain('Cơ quan (bộ phận) giải quyết hồ sơ: Phòng Tư pháp; Phòng Văn hóa - Xã hội');
    // Rows in order: counter → agency on time, agency → department late, department → counter early,
    // then the return to the citizen (the dossier's result: early).
    const rows = [
      'Giao: 10:00 27/10/2023',
      'Giao: 09:00 31/10/2023',
      'Giao: 11:00 02/11/2023',
      'Giao: 08:00 03/11/2023',
    ];
    const at = rows.map((r) => flat.indexOf(r));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const lineOf = (needle: string) => flat.split('\n').find((l) => l.includes(needle)) ?? '';
    expect(lineOf('Giao: 10:00 27/10/2023')).toContain('Đúng hạn');
    expect(lineOf('Giao: 09:00 31/10/2023')).toContain('Quá hạn');
    expect(lineOf('Giao: 11:00 02/11/2023')).toContain('Trước hạn');
    expect(lineOf('Giao: 08:00 03/11/2023')).toContain('Trước hạn');
    expect(flat).toContain('Nhận: 14:00 27/10/2023');
    expect(flat).toContain('Giao: Phòng Tư pháp');
    expect(flat).toContain('Nhận: Phòng Văn hóa - Xã');
    expect(flat).toContain('Nhận: Trả kết quả cho: Đặng');
  });
});

describe('form 07: Sổ theo dõi hồ sơ', () => {
  function dossiers(count: number, day: string): DossierState[] {
    return Array.from({ length: count }, (_, i) => {
      const no = String(i + 1).padStart(4, '0');
      const code = `000.00.06.H56-${day.replace(/-/g, '').slice(2)}-${no}`;
      const hh = String(7 + Math.floor(i / 12)).padStart(2, '0');
      const mm = String((i * 5) % 60).padStart(2, '0');
      const e = receivedEvent(
        `${day}T${hh}:${mm}`,
        { code, applicant: { fullName: `Đặng Thị Ưng ${no}`, address: 'Hàng Bạc, Hoàn Kiếm', phone: '0912345678' } },
        `d-${code}`,
      );
      return fold([dossierEventSchema.parse(e)], foldCtx);
    });
  }

  it('paginates many dossiers on landscape A4 pages with the header row repeated', async () => {
    const inRange = [...dossiers(60, '2023-10-27'), ...dossiers(60, '2023-10-30')];
    const outside = dossiers(5, '2023-10-31');
    const bytes = await renderForm(
      '07',
      { from: '2023-10-27', to: '2023-10-30', dossiers: [...outside, ...inRange] },
      ctx,
      opts,
    );
    const sizes = await pageSizes(bytes);
    expect(sizes.length).toBeGreaterThan(3);
    for (const size of sizes) {
      expect(size.width).toBeCloseTo(A4.height, 0);
      expect(size.height).toBeCloseTo(A4.width, 0);
    }
    const text = pdfText(bytes);
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('Từ ngày 27/10/2023 đến ngày 30/10/2023 — số hồ sơ: 120');
    for (const s of inRange) expect(text.split(s.code as string).length - 1).toBe(1);
    for (const s of outside) expect(text).not.toContain(s.code as string);
    expect(text).toContain(`Trang 2/${sizes.length}`);
    for (let page = 1; page <= sizes.length; page++) {
      const pageText = pdfText(bytes, page);
      expect(pageText).toContain('Mã hồ sơ');
      expect(pageText).toContain('Hẹn trả kết');
    }
    // Received first, listed first.
    const first = text.indexOf('000.00.06.H56-231027-0001');
    const last = text.indexOf('000.00.06.H56-231030-0060');
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
    expect(text).toContain('Đặng Thị Ưng');
    expect(text).toContain('Lê Văn Ổn');
  });

  it('says so when nothing was received in the range, and refuses a reversed range', async () => {
    const text = flatText(await renderForm('07', { from: '2024-01-01', to: '2024-01-31', dossiers: [] }, ctx, opts));
    expect(text).toContain('(Không có hồ sơ tiếp nhận trong thời gian này)');
    await expectRejects(
      renderForm('07', { from: '2024-02-01', to: '2024-01-01', dossiers: [] }, ctx, opts),
      'FORM_DATA_INVALID',
    );
  });
});

describe('context', () => {
  it('is validated', async () => {
    await expectRejects(
      renderForm('01', { state: receivedState() }, { ...ctx, printedAt: 'yesterday' }, opts),
      'FORM_DATA_INVALID',
      { form: '01' },
    );
  });
});
