import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBridge } from '../../../renderer/api/client';
import { changeLanguage, initI18n } from '../../../renderer/i18n';
import type { Desk, Office } from '../../../shared/contract/office';
import type { Result } from '../../../shared/contract/result';
import { callAsAdmin } from '../../electron/calendar/direct';
import { openTestBackend } from '../../helpers/backend';
import { adminBridge, jsonFile, renderSettings } from './harness';

const backend = openTestBackend();
beforeAll(() => {
  initI18n('vi');
  useBridge(adminBridge(backend));
});
afterAll(() => backend.dispose());

async function get<T>(name: string, input: unknown = {}): Promise<T> {
  const result = (await callAsAdmin(backend, name, input)) as Result<T>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Opens an antd Select / TreeSelect by its label and clicks the option with that text. */
async function choose(label: string, option: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input.closest('.ant-select') ?? input);
  const item = await waitFor(() => {
    const found = [
      ...document.querySelectorAll<HTMLElement>('.ant-select-item-option, .ant-select-tree-node-content-wrapper'),
    ].find((el) => el.textContent?.trim() === option);
    if (!found) throw new Error(`no option "${option}"`);
    return found;
  });
  fireEvent.click(item);
}

describe('Settings — this desk', { timeout: 60_000 }, () => {
  it('shows the desk in Vietnamese and saves another counter and officer through desk.set', async () => {
    renderSettings('desk');
    expect(await screen.findByRole('heading', { name: 'Cài đặt' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Máy trạm' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Lịch làm việc' })).toBeTruthy();
    const officer = (await screen.findByLabelText('Cán bộ tiếp nhận')) as HTMLInputElement;
    await waitFor(() => expect(officer.value).toBe('Nguyễn Thị Thu Hà'));
    await waitFor(() => expect(screen.getByText('Quầy số 1 – Hộ tịch, chứng thực')).toBeTruthy());

    await choose('Quầy', 'Quầy số 2 – Đất đai, xây dựng');
    fireEvent.change(officer, { target: { value: 'Lê Văn Tám' } });
    // Enter moves on to the next field rather than saving.
    act(() => officer.focus());
    fireEvent.keyDown(officer, { key: 'Enter' });
    expect(document.activeElement).toBe(screen.getByLabelText('Địa danh in trên phiếu'));
    fireEvent.click(screen.getByRole('button', { name: /Lưu thông tin máy trạm/ }));
    expect(await screen.findByText('Đã lưu: máy này phục vụ Ủy ban nhân dân xã Hưng Nguyên.')).toBeTruthy();
    const desk = await get<Desk>('desk.get');
    expect(desk).toMatchObject({ officeId: 'xa-hung-nguyen', counterId: 'quay-2', officerName: 'Lê Văn Tám' });
  });

  it('refuses an empty officer name in the form and saves nothing', async () => {
    renderSettings('desk');
    const officer = (await screen.findByLabelText('Cán bộ tiếp nhận')) as HTMLInputElement;
    await waitFor(() => expect(officer.value).toBe('Lê Văn Tám'));
    fireEvent.change(officer, { target: { value: '   ' } });
    // Ctrl+Enter saves from any field.
    fireEvent.keyDown(officer, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Vui lòng nhập Cán bộ tiếp nhận')).toBeTruthy();
    expect((await get<Desk>('desk.get')).officerName).toBe('Lê Văn Tám');
  });
});

describe('Settings — organisation tree', { timeout: 60_000 }, () => {
  it('lists the offices as a tree and adds a commune with a validated agency identifier', async () => {
    renderSettings('offices');
    await waitFor(() => expect(screen.getByText('Ủy ban nhân dân xã Nam Đàn')).toBeTruthy());
    expect(screen.getAllByText('Cấp xã').length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: /Thêm cơ quan, đơn vị/ }));
    const drawer = await screen.findByRole('dialog');
    const name = within(drawer).getByLabelText('Tên cơ quan, đơn vị');
    fireEvent.change(name, { target: { value: 'Ủy ban nhân dân xã Đô Lương' } });
    // The internal id is suggested from the name.
    await waitFor(() =>
      expect((within(drawer).getByLabelText('Mã nội bộ') as HTMLInputElement).value).toBe(
        'uy-ban-nhan-dan-xa-do-luong',
      ),
    );
    const agency = within(drawer).getByLabelText('Mã định danh');
    fireEvent.change(agency, { target: { value: '000.24.31' } });
    fireEvent.change(within(drawer).getByLabelText('Cấp'), { target: { value: 'commune' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Lưu' }));
    expect(await within(drawer).findByText(/Mã định danh phải có dạng NNN\.NN\.NN\.Xnn/)).toBeTruthy();
    expect((await get<Office[]>('office.list')).some((o) => o.name.includes('Đô Lương'))).toBe(false);

    fireEvent.change(agency, { target: { value: '000.24.31.h40' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã lưu Ủy ban nhân dân xã Đô Lương.')).toBeTruthy();
    const saved = (await get<Office[]>('office.list')).find((o) => o.id === 'uy-ban-nhan-dan-xa-do-luong');
    expect(saved).toMatchObject({ agencyId: '000.24.31.H40', level: 'commune', parentId: null, active: true });
    await waitFor(() => expect(screen.getByText('Ủy ban nhân dân xã Đô Lương')).toBeTruthy());
  });

  it('shows the back end’s refusal translated: an agency identifier already in use', async () => {
    renderSettings('offices');
    await waitFor(() => expect(screen.getByText('Ủy ban nhân dân xã Nam Đàn')).toBeTruthy());
    const row = screen.getByTestId('office-xa-nam-dan');
    fireEvent.click(within(row).getByRole('button', { name: 'Sửa' }));
    const drawer = await screen.findByRole('dialog');
    expect((within(drawer).getByLabelText('Mã nội bộ') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(within(drawer).getByLabelText('Mã định danh'), { target: { value: '000.21.31.H40' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Lưu' }));
    expect(await within(drawer).findByText('Mã định danh 000.21.31.H40 đã được dùng cho cơ quan khác.')).toBeTruthy();
    expect((await get<Office[]>('office.list')).find((o) => o.id === 'xa-nam-dan')?.agencyId).toBe('000.22.31.H40');

    // Opened again, the drawer starts without the refusal shown before.
    fireEvent.click(within(drawer).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByTestId('office-form')).toBeNull());
    fireEvent.click(within(row).getByRole('button', { name: 'Sửa' }));
    const again = await screen.findByRole('dialog');
    expect(within(again).getByLabelText('Mã định danh')).toBeTruthy();
    expect(within(again).queryByText('Mã định danh 000.21.31.H40 đã được dùng cho cơ quan khác.')).toBeNull();
  });

  it('opens the office asked for, not the one whose drawer was closed before', async () => {
    renderSettings('offices');
    await waitFor(() => expect(screen.getByText('Ủy ban nhân dân xã Nam Đàn')).toBeTruthy());
    fireEvent.click(within(screen.getByTestId('office-tinh')).getByRole('button', { name: 'Sửa' }));
    let drawer = await screen.findByRole('dialog');
    fireEvent.change(within(drawer).getByLabelText('Địa chỉ'), { target: { value: 'gõ dở rồi bỏ' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByLabelText('Địa chỉ')).toBeNull());

    fireEvent.click(within(screen.getByTestId('office-xa-hung-nguyen')).getByRole('button', { name: 'Sửa' }));
    drawer = await screen.findByRole('dialog');
    const value = (label: string) => (within(drawer).getByLabelText(label) as HTMLInputElement).value;
    expect(value('Tên cơ quan, đơn vị')).toBe('Ủy ban nhân dân xã Hưng Nguyên');
    expect(value('Mã nội bộ')).toBe('xa-hung-nguyen');
    expect(value('Địa chỉ')).not.toBe('gõ dở rồi bỏ');
    fireEvent.click(within(drawer).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByLabelText('Địa chỉ')).toBeNull());

    // "Add under" starts empty, under the office whose row it is on.
    fireEvent.click(
      within(screen.getByTestId('office-xa-nam-dan')).getByRole('button', { name: 'Thêm đơn vị trực thuộc' }),
    );
    drawer = await screen.findByRole('dialog');
    expect(value('Tên cơ quan, đơn vị')).toBe('');
    expect(within(drawer).getByTitle('Ủy ban nhân dân xã Nam Đàn (000.22.31.H40)')).toBeTruthy();
  });
});

describe('Settings — counters', { timeout: 60_000 }, () => {
  it('adds a counter to an office', async () => {
    renderSettings('counters');
    await waitFor(() => expect(screen.getByText('Quầy số 1 – Sở Tư pháp')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: /Thêm quầy/ }));
    const drawer = await screen.findByRole('dialog');
    await choose('Cơ quan', 'Ủy ban nhân dân xã Nam Đàn (000.22.31.H40)');
    fireEvent.change(within(drawer).getByLabelText('Tên quầy'), { target: { value: 'Quầy số 1' } });
    await waitFor(() =>
      expect((within(drawer).getByLabelText('Mã quầy') as HTMLInputElement).value).toBe('xa-nam-dan-quay-so-1'),
    );
    fireEvent.keyDown(within(drawer).getByLabelText('Tên quầy'), { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Đã lưu Quầy số 1.')).toBeTruthy();
    const counters = await get<{ id: string; officeId: string }[]>('counter.list');
    expect(counters).toContainEqual({
      id: 'xa-nam-dan-quay-so-1',
      officeId: 'xa-nam-dan',
      name: 'Quầy số 1',
      active: true,
    });
  });
});

describe('Settings — working calendar', { timeout: 60_000 }, () => {
  it('shows a generated year with translated kinds, then loads an official table from a file', async () => {
    renderSettings('calendar');
    const year = await screen.findByLabelText('Năm');
    fireEvent.change(year, { target: { value: '2026' } });
    fireEvent.blur(year);
    await waitFor(() => expect(screen.getByTestId('calendar-2026-02-17')).toBeTruthy());
    expect(screen.getByTestId('calendar-origin').textContent).toBe('Lịch sinh tự động theo Bộ luật Lao động');
    expect(within(screen.getByTestId('calendar-2026-02-17')).getByText('Nghỉ lễ, tết')).toBeTruthy();
    expect(within(screen.getByTestId('calendar-2026-02-17')).getByText('17/02/2026')).toBeTruthy();
    expect(within(screen.getByTestId('calendar-2026-02-17')).getByText('Thứ Ba')).toBeTruthy();
    expect(screen.getByText('07:00–11:30, 13:30–17:00')).toBeTruthy();
    expect(screen.getByText('Chủ nhật, Thứ Bảy')).toBeTruthy();

    const input = screen.getByTestId('calendar-file').querySelector('input[type=file]') as HTMLInputElement;
    const official = {
      years: [
        {
          year: 2026,
          source: 'Thông báo lịch nghỉ năm 2026',
          entries: [
            { date: '2026-02-16', kind: 'HOLIDAY', name: 'Tết Nguyên đán' },
            { date: '2026-02-21', kind: 'SWAP_WORKDAY', name: 'Làm bù', note: 'bù cho ngày 20/02' },
          ],
        },
      ],
    };
    await act(async () => {
      fireEvent.change(input, { target: { files: [jsonFile('lich-2026.json', official)] } });
    });
    expect(
      await screen.findByText(/Đã nạp lịch làm việc: 2 ngày ghi trong tệp, lịch chính thức các năm 2026/),
    ).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('calendar-origin').textContent).toBe('Lịch chính thức'));
    expect(
      within(screen.getByTestId('calendar-2026-02-21')).getByText('Làm bù', { selector: '.ant-tag' }),
    ).toBeTruthy();
    expect(screen.getByText('Thông báo lịch nghỉ năm 2026')).toBeTruthy();
    expect(screen.queryByTestId('calendar-2026-02-17')).toBeNull();
  });

  it('names the wrong entry of a bad calendar file and keeps the calendar in use', async () => {
    const before = (await get<{ origin: string; entries: unknown[] }>('calendar.get', { year: 2026 })).entries;
    renderSettings('calendar');
    await screen.findByTestId('calendar-origin');
    const input = screen.getByTestId('calendar-file').querySelector('input[type=file]') as HTMLInputElement;
    await act(async () => {
      fireEvent.change(input, {
        target: { files: [jsonFile('lich-sai.json', { entries: [{ date: '2026-13-01', kind: 'HOLIDAY' }] })] },
      });
    });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Tệp lịch làm việc có 1 lỗi; lịch đang dùng được giữ nguyên.')).toBeTruthy();
    expect(within(alert).getByText('entries.0 (2026-13-01).date')).toBeTruthy();
    expect(within(alert).getByText('Ngày không hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2025-09-01).')).toBeTruthy();
    expect((await get<{ entries: unknown[] }>('calendar.get', { year: 2026 })).entries).toEqual(before);
  });
});

describe('Settings — procedure catalogue', () => {
  it('lists the issues of a bad catalogue and keeps the catalogue in use', async () => {
    renderSettings('catalogue');
    await waitFor(() => expect(screen.getByTestId('catalogue-version').textContent).toMatch(/phiên bản 2026-11-01/));
    const input = screen.getByTestId('catalogue-file').querySelector('input[type=file]') as HTMLInputElement;
    const bad = { version: '2027-01-01', fields: [{ code: 'HT', name: 'Hộ tịch' }], procedures: [{ code: '12345' }] };
    await act(async () => {
      fireEvent.change(input, { target: { files: [jsonFile('danh-muc.json', bad)] } });
    });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/Tệp danh mục có \d+ lỗi; danh mục hiện tại được giữ nguyên\./)).toBeTruthy();
    expect(within(alert).getAllByText(/^procedures\.0 \(12345\)/).length).toBeGreaterThan(0);
    expect((await get<{ catalogueVersion: string }>('app.info')).catalogueVersion).toBe('2026-11-01');
  });
});

describe('Settings in English', () => {
  it('has every tab and the calendar kinds in English', async () => {
    await act(async () => changeLanguage('en'));
    renderSettings('calendar');
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
    for (const tab of ['This desk', 'Offices and units', 'Counters', 'Working calendar', 'Procedure catalogue']) {
      expect(screen.getByRole('tab', { name: tab })).toBeTruthy();
    }
    const year = await screen.findByLabelText('Year');
    fireEvent.change(year, { target: { value: '2026' } });
    fireEvent.blur(year);
    await waitFor(() => expect(screen.getByTestId('calendar-2026-02-21')).toBeTruthy());
    expect(within(screen.getByTestId('calendar-2026-02-21')).getByText('Swapped working day')).toBeTruthy();
    expect(within(screen.getByTestId('calendar-2026-02-21')).getByText('Saturday')).toBeTruthy();
    await act(async () => changeLanguage('vi'));
  });
});
