import { LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from './session';

/** The signed-in officer's name with Lock (Ctrl+L) and Sign out; nothing outside the gate. */
export function UserMenu() {
  const { t } = useTranslation('accounts');
  const session = useSession();
  const user = session?.status.user;
  if (!session || !user) return null;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'roles',
            disabled: true,
            label: user.roles.map((role) => t(`roles.${role}`)).join(', '),
          },
          { type: 'divider' },
          {
            key: 'lock',
            icon: <LockOutlined />,
            label: t('menu.lock'),
            extra: 'Ctrl+L',
            onClick: () => void session.lock(),
          },
          { key: 'signOut', icon: <LogoutOutlined />, label: t('menu.signOut'), onClick: () => void session.signOut() },
        ],
      }}
    >
      <Button type="text" icon={<UserOutlined />} aria-label={t('menu.signedInAs', { name: user.displayName })}>
        {user.displayName}
      </Button>
    </Dropdown>
  );
}
