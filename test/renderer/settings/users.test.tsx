import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userByName } from '../../../electron/backend/accounts/repository';
import { useBridge } from '../../../renderer/api/client';
import { initI18n } from '../../../renderer/i18n';
import type { AccountSettings, UserListItem } from '../../../shared/contract/accounts';
import type { MotCuaApi } from '../../../shared/contract/api';
import { openTestBackend } from '../../helpers/backend';
import { renderSettings } from './harness';

/**
 * The Users tab against the real back end: every call goes through the back end's session and role
 * checks as the test helpers' signed-in user (who holds the administrator role).
 */
const backend = openTestBackend();
beforeAll(() => {
  initI18n('vi');
  const bridge: MotCuaApi = { call: (name, input) => backend.call(name, input, { language: 'vi' }) as never };
  useBridge(bridge);
});
afterAll(() => backend.dispose());

async function value<T>(name: string, input: unknown = {}): Promise<T> {
  const result = await backend.call(name, input, { language: 'vi' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}
const signIn = (username: string, password: string) =>
  backend.call('accounts.signIn', { username, password }, { language: 'vi', session: null });

const PASSWORD = 'mat-khau-moi-123';

describe('Settings — users', { timeout: 60_000 }, () => {
  it('adds a counter officer from the keyboard, with the password rules and the confirmation', async () => {
    renderSettings('users');
    expect(await screen.findByRole('tab', { name: 'Người dùng' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('user-test')).toBeTruthy());
    fireEvent.click(screen.getByTestId('user-add'));
    const drawer = await screen.findByRole('dialog');
    const form = within(drawer);
    const username = form.getByLabelText('Tên đăng nhập') as HTMLInputElement;
    fireEvent.change(username, { target: { value: 'CanBo.Moi' } });
    // Enter moves on to the next field.
    username.focus();
    fireEvent.keyDown(username, { key: 'Enter' });
    const name = form.getByLabelText('Họ và tên');
    expect(document.activeElement).toBe(name);
    fireEvent.change(name, { target: { value: 'Phạm Thị <b>Mới</b>' } });
    // The counter officer role is ticked by default; the roles are translated.
    expect((form.getByLabelText('Cán bộ tiếp nhận') as HTMLInputElement).checked).toBe(true);
    expect(form.getByLabelText('Quản trị viên')).toBeTruthy();
    fireEvent.change(form.getByLabelText('Mật khẩu'), { target: { value: 'ngan' } });
    fireEvent.change(form.getByLabelText('Nhập lại mật khẩu'), { target: { value: 'khac' } });
    fireEvent.keyDown(name, { key: 'Enter', ctrlKey: true });
    expect(await form.findByText('Họ tên không được chứa các ký tự < > { } \\')).toBeTruthy();
    expect(await form.findByText('Mật khẩu dài ít nhất 8 ký tự (tối đa 256).')).toBeTruthy();
    expect(await form.findByText('Hai mật khẩu không khớp')).toBeTruthy();
    expect(userByName(backend.db, 'canbo.moi')).toBeUndefined();

    fireEvent.change(name, { target: { value: 'Phạm Thị Mới' } });
    fireEvent.change(form.getByLabelText('Mật khẩu'), { target: { value: PASSWORD } });
    fireEvent.change(form.getByLabelText('Nhập lại mật khẩu'), { target: { value: PASSWORD } });
    fireEvent.keyDown(name, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Đã lưu tài khoản của Phạm Thị Mới.')).toBeTruthy();
    const row = await screen.findByTestId('user-canbo.moi');
    expect(within(row).getByText('Cán bộ tiếp nhận')).toBeTruthy();

    const users = await value<UserListItem[]>('users.list');
    expect(users.find((u) => u.username === 'canbo.moi')).toMatchObject({
      displayName: 'Phạm Thị Mới',
      roles: ['counter'],
      active: true,
      lockedUntil: null,
      central: false,
    });
    const signedIn = await signIn('canbo.moi', PASSWORD);
    expect(signedIn.ok).toBe(true);
  });

  it('refuses a user name already taken before calling the back end', async () => {
    renderSettings('users');
    await waitFor(() => expect(screen.getByTestId('user-canbo.moi')).toBeTruthy());
    fireEvent.click(screen.getByTestId('user-add'));
    const form = within(await screen.findByRole('dialog'));
    fireEvent.change(form.getByLabelText('Tên đăng nhập'), { target: { value: 'canbo.moi' } });
    fireEvent.change(form.getByLabelText('Họ và tên'), { target: { value: 'Người khác' } });
    fireEvent.change(form.getByLabelText('Mật khẩu'), { target: { value: PASSWORD } });
    fireEvent.change(form.getByLabelText('Nhập lại mật khẩu'), { target: { value: PASSWORD } });
    fireEvent.keyDown(form.getByLabelText('Họ và tên'), { key: 'Enter', ctrlKey: true });
    expect(await form.findByText('Tên đăng nhập canbo.moi đã được dùng.')).toBeTruthy();
    expect((await value<UserListItem[]>('users.list')).filter((u) => u.username === 'canbo.moi')).toHaveLength(1);
  });

  it('closes with Esc and opens again on the user asked for, keeping nothing typed in the drawer before', async () => {
    renderSettings('users');
    await waitFor(() => expect(screen.getByTestId('user-canbo.moi')).toBeTruthy());
    fireEvent.click(screen.getByTestId('user-add'));
    let form = within(await screen.findByRole('dialog'));
    fireEvent.change(form.getByLabelText('Tên đăng nhập'), { target: { value: 'nguoi.bo.do' } });
    fireEvent.change(form.getByLabelText('Mật khẩu'), { target: { value: PASSWORD } });
    fireEvent.keyDown(form.getByLabelText('Mật khẩu'), { key: 'Escape', keyCode: 27 });
    await waitFor(() => expect(screen.queryByTestId('user-form')).toBeNull());

    fireEvent.click(within(screen.getByTestId('user-canbo.moi')).getByRole('button', { name: 'Sửa' }));
    form = within(await screen.findByRole('dialog'));
    const input = (label: string) => form.getByLabelText(label) as HTMLInputElement;
    expect(input('Tên đăng nhập').value).toBe('canbo.moi');
    expect(input('Họ và tên').value).toBe('Phạm Thị Mới');
    expect(input('Mật khẩu mới').value).toBe('');
    fireEvent.click(form.getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByTestId('user-form')).toBeNull());

    fireEvent.click(screen.getByTestId('user-add'));
    form = within(await screen.findByRole('dialog'));
    expect(input('Tên đăng nhập').value).toBe('');
    expect(input('Họ và tên').value).toBe('');
    expect(input('Mật khẩu').value).toBe('');
    expect(input('Cán bộ tiếp nhận').checked).toBe(true);
  });

  it('shows a locked account and unlocks it; edits roles and resets the password', async () => {
    for (let i = 0; i < 5; i++) await signIn('canbo.moi', 'sai-mat-khau');
    const locked = await signIn('canbo.moi', PASSWORD);
    expect(locked.ok ? null : locked.error.code).toBe('ACCOUNT_LOCKED');

    renderSettings('users');
    const row = await screen.findByTestId('user-canbo.moi');
    await waitFor(() => expect(within(row).getByText(/^Bị khóa đến \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/)).toBeTruthy());
    fireEvent.click(within(row).getByRole('button', { name: /Mở khóa/ }));
    expect(await screen.findByText('Đã mở khóa tài khoản của Phạm Thị Mới.')).toBeTruthy();
    await waitFor(() => expect(within(screen.getByTestId('user-canbo.moi')).queryByText(/Bị khóa đến/)).toBeNull());
    expect((await signIn('canbo.moi', PASSWORD)).ok).toBe(true);

    fireEvent.click(within(screen.getByTestId('user-canbo.moi')).getByRole('button', { name: 'Sửa' }));
    const form = within(await screen.findByRole('dialog'));
    expect((form.getByLabelText('Tên đăng nhập') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(form.getByLabelText('Lãnh đạo, kiểm soát'));
    const next = 'mat-khau-dat-lai-456';
    fireEvent.change(form.getByLabelText('Mật khẩu mới'), { target: { value: next } });
    fireEvent.change(form.getByLabelText('Nhập lại mật khẩu'), { target: { value: next } });
    fireEvent.keyDown(form.getByLabelText('Họ và tên'), { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Đã lưu tài khoản của Phạm Thị Mới.')).toBeTruthy();
    const user = (await value<UserListItem[]>('users.list')).find((u) => u.username === 'canbo.moi');
    expect(user?.roles).toEqual(['counter', 'supervisor']);
    expect((await signIn('canbo.moi', PASSWORD)).ok).toBe(false);
    expect((await signIn('canbo.moi', next)).ok).toBe(true);
  });

  it('saves the sign-in policy (lockout attempts and minutes, idle lock in minutes) with Ctrl+Enter', async () => {
    renderSettings('users');
    const form = within(await screen.findByTestId('account-settings-form'));
    const attempts = form.getByLabelText('Số lần nhập sai') as HTMLInputElement;
    await waitFor(() => expect(attempts.value).toBe('5'));
    const idle = form.getByLabelText('Khóa màn hình sau (phút)') as HTMLInputElement;
    // The test helpers set a day of idle time: shown in minutes.
    expect(idle.value).toBe('1440');
    fireEvent.change(attempts, { target: { value: '4' } });
    fireEvent.change(form.getByLabelText('Thời gian khóa (phút)'), { target: { value: '30' } });
    fireEvent.change(idle, { target: { value: '3' } });
    fireEvent.keyDown(idle, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Đã lưu chính sách đăng nhập.')).toBeTruthy();
    expect(await value<AccountSettings>('accounts.settings')).toEqual({
      lockoutAttempts: 4,
      lockoutMinutes: 30,
      idleLockSeconds: 180,
    });
  });
});
