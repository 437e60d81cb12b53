import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/contract/result';
import { CallError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSyncStatus } from './useSyncStatus';

interface EnrolForm {
  serverUrl: string;
  code: string;
  deviceName?: string;
}

/** Settings → sync server: enrol this desktop with a one-time code (Enter moves on, Ctrl+Enter enrols). */
export function SyncSettingsTab() {
  const { t } = useTranslation('sync');
  const { message } = App.useApp();
  const { status, refresh } = useSyncStatus(5000);
  const [form] = Form.useForm<EnrolForm>();
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const enrol = async (values: EnrolForm) => {
    setBusy(true);
    setError(null);
    try {
      await call('sync.enrol', {
        serverUrl: values.serverUrl,
        code: values.code,
        ...(values.deviceName ? { deviceName: values.deviceName } : {}),
      });
      message.success(t('settings.enrolledOk'));
      form.resetFields(['code']);
      refresh();
    } catch (e) {
      setError(e instanceof CallError ? e.data : { code: 'INTERNAL', message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 560 }}>
      <Typography.Paragraph>{t('settings.intro')}</Typography.Paragraph>
      {status?.enrolled && status.office && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="sync-enrolled"
          title={t('settings.enrolled', { server: status.serverUrl, office: status.office.name })}
        />
      )}
      {error && <ErrorAlert error={error} />}
      <Form<EnrolForm>
        form={form}
        layout="vertical"
        onFinish={enrol}
        initialValues={{ serverUrl: status?.serverUrl ?? '' }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            form.submit();
          }
        }}
      >
        <Form.Item
          name="serverUrl"
          label={t('settings.serverUrl')}
          extra={t('settings.serverUrlHint')}
          rules={[{ required: true, message: t('settings.required') }]}
        >
          <Input autoComplete="url" data-testid="sync-server-url" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('settings.code')}
          extra={t('settings.codeHint')}
          rules={[{ required: true, message: t('settings.required') }]}
        >
          <Input autoComplete="off" data-testid="sync-code" style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item name="deviceName" label={t('settings.deviceName')}>
          <Input data-testid="sync-device-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="sync-enrol">
          {status?.enrolled ? t('settings.reEnrol') : t('settings.enrol')} <kbd className="shortcut">Ctrl+Enter</kbd>
        </Button>
      </Form>
    </div>
  );
}
