import { act, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBridge } from '../../../renderer/api/client';
import { ReportsScreen } from '../../../renderer/features/reports/ReportsScreen';
import { SupervisionScreen } from '../../../renderer/features/supervision/SupervisionScreen';
import { changeLanguage, initI18n } from '../../../renderer/i18n';
import { openTestBackend, receiveDossier } from '../../helpers/backend';
import { inProcessBridge } from '../../helpers/bridge';

describe('the Reports and Supervision screens (against the real back end)', () => {
  const backend = openTestBackend();
  beforeAll(async () => {
    initI18n('vi');
    useBridge(inProcessBridge(backend));
    await receiveDossier(backend, { procedureCode: '1.004873', channel: 2, fullName: 'Hoàng Thị Mai' });
  });
  afterAll(() => backend.dispose());

  it('shows this month’s II.06a with the received dossier, the totals row, the offline note and the 766 formulas', async () => {
    render(
      <AntApp>
        <ReportsScreen />
      </AntApp>,
    );
    const table = await screen.findByTestId('ii06a-table');
    await waitFor(() => expect(within(table).getByText('Hộ tịch')).toBeTruthy());
    const row = within(table).getByText('Hộ tịch').closest('tr');
    // STT, field, then (1) … (12): received 1 online, pending within time 1.
    expect([...(row?.querySelectorAll('td') ?? [])].map((td) => td.textContent)).toEqual([
      '1',
      'Hộ tịch',
      '1',
      '0',
      '1',
      '0',
      '0',
      '0',
      '0',
      '0',
      '1',
      '1',
      '0',
      '0',
    ]);
    expect(within(table).getByText('Tổng số', { selector: 'td' })).toBeTruthy();
    expect(screen.getByTestId('offline-note').textContent).toBe('Số liệu tính từ dữ liệu trên máy này');
    await waitFor(() =>
      expect(screen.getByText('12 × tiếp nhận trực tuyến ÷ tiếp nhận mới = 12 × 1 ÷ 1')).toBeTruthy(),
    );
    expect(screen.getAllByText('Không đủ dữ liệu')).toHaveLength(2);
    await act(async () => changeLanguage('en'));
    expect(await screen.findByRole('heading', { name: 'Reports' })).toBeTruthy();
    expect(screen.getByText('Figures computed from the data on this computer')).toBeTruthy();
    await act(async () => changeLanguage('vi'));
  });

  it('shows the dashboard counts and drills into "open" down to the dossier row', async () => {
    render(
      <AntApp>
        <SupervisionScreen />
      </AntApp>,
    );
    const open = await screen.findByTestId('metric-open');
    await waitFor(() => expect(open.querySelector('.ant-statistic-content-value')?.textContent).toBe('1'));
    act(() => open.click());
    const list = await screen.findByTestId('drill-list');
    await waitFor(() => expect(within(list).getByText('Hoàng Thị Mai')).toBeTruthy());
    expect(within(list).getByText('Đang giải quyết: 1 hồ sơ')).toBeTruthy();
  });
});
