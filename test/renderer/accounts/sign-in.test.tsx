import { fireEvent, render, screen, within } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useBridge } from '../../../renderer/api/client';
import { SignInScreen } from '../../../renderer/features/accounts/forms';
import { initI18n } from '../../../renderer/i18n';
import { addTestUser, openTestBackend, TEST_PASSWORD } from '../../helpers/backend';

/** The sign-in screen against the real back end: what the officer reads when the desk refuses them. */
const backend = openTestBackend({ user: false });
beforeAll(async () => {
  initI18n('vi');
  useBridge({ call: (name, input) => backend.call(name, input, { language: 'vi', session: null }) as never });
  addTestUser(backend, 'quantri', ['administrator']);
  const id = addTestUser(backend, 'hoa', ['counter']);
  await backend.accounts.saveUser({
    id,
    username: 'hoa',
    displayName: 'Lê Thị Hoa',
    roles: ['counter'],
    officeId: null,
    active: false,
  });
});
afterAll(() => backend.dispose());

async function signIn(username: string, password: string) {
  const onDone = vi.fn();
  render(
    <ConfigProvider locale={viVN}>
      <AntApp>
        <SignInScreen onDone={onDone} />
      </AntApp>
    </ConfigProvider>,
  );
  fireEvent.change(screen.getByLabelText('Tên đăng nhập'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Mật khẩu'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
  return { alert: await screen.findByRole('alert'), onDone };
}

describe('Sign-in screen', () => {
  it('tells an officer whose account is disabled on this desk, with the right password, to contact the administrator', async () => {
    const { alert, onDone } = await signIn('hoa', TEST_PASSWORD);
    expect(
      within(alert).getByText(
        'Tài khoản của anh/chị trên máy này đã bị vô hiệu hóa (có thể do anh/chị đã được điều chuyển sang đơn vị khác). Vui lòng liên hệ quản trị viên.',
      ),
    ).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('a wrong password for the disabled account reads like any wrong password', async () => {
    const { alert, onDone } = await signIn('hoa', 'sai-mat-khau');
    expect(within(alert).getByText('Tên đăng nhập hoặc mật khẩu không đúng.')).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
  });
});
