import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useBridge } from '../../renderer/api/client';
import { App } from '../../renderer/app/App';
import { changeLanguage, initI18n } from '../../renderer/i18n';
import { useNavigation } from '../../renderer/stores/navigation';
import { openTestBackend } from '../helpers/backend';
import { inProcessBridge } from '../helpers/bridge';

describe('the Procedures screen (against the real back end)', () => {
  const backend = openTestBackend();
  beforeAll(() => {
    initI18n('vi');
    useBridge(inProcessBridge(backend));
  });
  beforeEach(() => useNavigation.setState({ screen: 'procedures', dossierId: null }));
  afterAll(() => backend.dispose());

  it('lists the catalogue in Vietnamese and finds "Đăng ký kết hôn" from "ket hon"', async () => {
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Danh mục thủ tục hành chính' })).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('row').length).toBeGreaterThan(5));
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'ket hon' } });
    await waitFor(() => expect(screen.getByText('Đăng ký kết hôn')).toBeTruthy());
    const rows = screen.getAllByRole('row').slice(1);
    for (const row of rows) expect(row.textContent?.toLowerCase()).toMatch(/kết hôn|hôn nhân/);
  });

  it('opens the detail drawer with Enter and shows code, field, duration and components', async () => {
    render(<App />);
    const search = await screen.findByRole('searchbox');
    fireEvent.change(search, { target: { value: 'dang ky ket hon' } });
    await waitFor(() => expect(screen.getByText('Đăng ký kết hôn')).toBeTruthy());
    fireEvent.keyDown(search, { key: 'Enter' });
    const drawer = await screen.findByRole('dialog');
    await waitFor(() => expect(within(drawer).getByText('1.000894')).toBeTruthy());
    expect(within(drawer).getByText('Hộ tịch')).toBeTruthy();
    expect(within(drawer).getByText('Thành phần hồ sơ')).toBeTruthy();
    expect(within(drawer).getAllByText('Bản chính').length).toBeGreaterThan(0);
  });

  it('moves the highlighted row with ↓/↑ and opens the highlighted one with Enter', async () => {
    render(<App />);
    const search = await screen.findByRole('searchbox');
    const rows = () => screen.getAllByRole('row').slice(1);
    await waitFor(() => expect(rows().length).toBeGreaterThan(5));
    const highlighted = () => rows().findIndex((row) => row.classList.contains('ant-table-row-selected'));
    expect(highlighted()).toBe(0);
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    fireEvent.keyDown(search, { key: 'ArrowUp' });
    expect(highlighted()).toBe(1);
    const code = rows()[1]?.querySelector('td')?.textContent ?? '';
    expect(code).toMatch(/^\d\.\d{6}$/);
    fireEvent.keyDown(search, { key: 'Enter' });
    const drawer = await screen.findByRole('dialog');
    await waitFor(() => expect(within(drawer).getByText(code)).toBeTruthy());
  });

  it('switches to English completely', async () => {
    render(<App />);
    await act(async () => changeLanguage('en'));
    expect(await screen.findByRole('heading', { name: 'Administrative procedure catalogue' })).toBeTruthy();
    await act(async () => changeLanguage('vi'));
  });
});
