import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../shared/contract/accounts';
import type { AppErrorData } from '../../../shared/contract/result';
import { api } from '../../api/client';

function useSubmit<T>(run: (values: T) => Promise<void>) {
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: T) => {
    setBusy(true);
    setError(null);
    try {
      await run(values);
    } catch (e) {
      setError(e as AppErrorData);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

async function unwrap(result: Awaited<ReturnType<ReturnType<typeof api>['call']>>): Promise<AccountStatus> {
  if (!result.ok) throw result.error;
  return result.value as AccountStatus;
}

const page = {
  minHeight: '100vh',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  background: '#f5f5f5',
} as const;

function ErrorLine({ error }: { error: AppErrorData | null }) {
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 16 }} />;
}

export function SignInScreen({ onDone }: { onDone: (status: AccountStatus) => void }) {
  const { t } = useTranslation('accounts');
  const { error, busy, submit } = useSubmit<{ username: string; password: string }>(async (values) => {
    onDone(await unwrap(await api().call('accounts.signIn', values)));
  });
  return (
    <main style={page}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3}>{t('signIn.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.intro')}</Typography.Paragraph>
        <ErrorLine error={error} />
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[{ required: true, message: t('signIn.required', { field: t('signIn.username') }) }]}
          >
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" maxLength={64} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.required', { field: t('signIn.password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}

export function SetupScreen({ onDone }: { onDone: (status: AccountStatus) => void }) {
  const { t } = useTranslation('accounts');
  const { error, busy, submit } = useSubmit<{ username: string; displayName: string; password: string }>(
    async ({ username, displayName, password }) => {
      onDone(await unwrap(await api().call('accounts.setup', { username, displayName, password })));
    },
  );
  return (
    <main style={page}>
      <Card style={{ width: 440 }}>
        <Typography.Title level={3}>{t('setup.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        <ErrorLine error={error} />
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="displayName" label={t('setup.displayName')} rules={[{ required: true }]}>
            <Input autoFocus maxLength={200} />
          </Form.Item>
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" maxLength={256} />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('setup.confirm')}
            dependencies={['password']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_rule, value) =>
                  value === getFieldValue('password')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('setup.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}

export function LockScreen({
  status,
  onDone,
  onSwitchUser,
}: {
  status: AccountStatus;
  onDone: (status: AccountStatus) => void;
  onSwitchUser: () => void;
}) {
  const { t } = useTranslation('accounts');
  const { error, busy, submit } = useSubmit<{ password: string }>(async ({ password }) => {
    const result = await api().call('accounts.unlock', { password });
    if (!result.ok && result.error.code === 'ACCOUNT_LOCKED') {
      // Locked out while unlocking: the session is gone; show why, then the sign-in screen.
      onDone(await unwrap(await api().call('accounts.status', {})));
    }
    onDone(await unwrap(result));
  });
  return (
    <main style={page} aria-label={t('lock.title')}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={3}>
          <LockOutlined /> {t('lock.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('lock.intro', {
            name: status.user?.displayName ?? '',
            count: Math.max(1, Math.round(status.idleLockSeconds / 60)),
          })}
        </Typography.Paragraph>
        <ErrorLine error={error} />
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
            <Input.Password autoFocus autoComplete="current-password" maxLength={256} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('lock.unlock')}
          </Button>
          <Button type="link" block onClick={onSwitchUser} style={{ marginTop: 8 }}>
            {t('lock.switchUser')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
