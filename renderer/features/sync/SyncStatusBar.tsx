import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloudOutlined,
  DisconnectOutlined,
  ExclamationCircleOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { Badge, Button, Descriptions, Popover, Progress, Space, Tooltip, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/contract/sync';
import { call } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { ReviewDrawer } from './ReviewDrawer';
import { formatBytes, formatCount, useSyncStatus } from './useSyncStatus';

function connection(status: SyncStatus, t: (key: string) => string): { icon: ReactNode; text: string; color: string } {
  if (!status.enrolled) {
    const text = status.phase === 'unauthorised' ? t('bar.unauthorised') : t('bar.notEnrolled');
    return { icon: <CloudOutlined />, text, color: '#8c8c8c' };
  }
  if (status.phase === 'unauthorised')
    return { icon: <DisconnectOutlined />, text: t('bar.unauthorised'), color: '#cf1322' };
  if (status.phase === 'syncing') return { icon: <SyncOutlined spin />, text: t('bar.syncing'), color: '#1677ff' };
  if (status.online === false) return { icon: <DisconnectOutlined />, text: t('bar.offline'), color: '#d46b08' };
  if (status.online === null) return { icon: <CloudOutlined />, text: t('bar.unknown'), color: '#8c8c8c' };
  return { icon: <CheckCircleOutlined />, text: t('bar.online'), color: '#389e0d' };
}

/** The sync details: server, device, attempts and the last error with what the server said. */
function Details({ status }: { status: SyncStatus }) {
  const { t } = useTranslation('sync');
  const error = status.lastError;
  return (
    <div style={{ maxWidth: 460 }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('details.server')}>{status.serverUrl ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('details.office')}>{status.office?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('details.device')}>
          <Typography.Text code>{status.deviceId ?? '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('details.lastAttempt')}>
          {formatDateTime(status.lastAttemptAt) || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('details.nextAttempt')}>
          {formatDateTime(status.nextAttemptAt) || '—'}
        </Descriptions.Item>
      </Descriptions>
      {error ? (
        <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }} title={t('bar.error')}>
          <Descriptions.Item label={t('details.errorStep')}>
            {t(`details.steps.${error.step}`, error.step)}
          </Descriptions.Item>
          <Descriptions.Item label={t('details.errorAt')}>{formatDateTime(error.at)}</Descriptions.Item>
          {error.status !== null && (
            <Descriptions.Item label={t('details.errorStatus')}>{error.status}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('details.errorDetail')}>
            <Typography.Text type="danger">{error.message}</Typography.Text>
            {error.detail && error.detail !== error.message ? (
              <div>
                <Typography.Text type="secondary" code>
                  {error.code}: {error.detail}
                </Typography.Text>
              </div>
            ) : null}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('details.noError')}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/**
 * Always visible at the bottom of the shell (DESIGN.md §9): online or offline, what is still to send
 * (events and bytes, files), the last successful sync, the last error with its details in a popover,
 * the clock warning and the review queue in a drawer.
 */
export function SyncStatusBar() {
  const { t, i18n } = useTranslation('sync');
  const { status, refresh } = useSyncStatus();
  const [reviewOpen, setReviewOpen] = useState(false);
  const [syncing, setSyncing] = useState(false);
  if (!status) return null;
  const state = connection(status, t);
  const syncNow = async () => {
    setSyncing(true);
    try {
      await call('sync.now', {});
    } catch {
      // The status shows what failed.
    } finally {
      setSyncing(false);
      refresh();
    }
  };
  return (
    <footer
      role="status"
      aria-label={t('bar.label')}
      data-testid="sync-status-bar"
      style={{
        position: 'sticky',
        bottom: 0,
        zIndex: 10,
        display: 'flex',
        alignItems: 'center',
        gap: 16,
        padding: '4px 16px',
        background: '#fafafa',
        borderTop: '1px solid #f0f0f0',
        fontSize: 13,
      }}
    >
      <Popover content={<Details status={status} />} title={t('details.title')} trigger="click">
        <Button type="text" size="small" icon={state.icon} style={{ color: state.color }} data-testid="sync-connection">
          {state.text}
        </Button>
      </Popover>
      {status.enrolled && (
        <>
          <span data-testid="sync-pending">
            {status.pendingEvents > 0
              ? t('bar.pending', { count: status.pendingEvents, size: formatBytes(status.pendingBytes, i18n.language) })
              : t('bar.upToDate')}
            {status.pendingFiles > 0 ? ` · ${t('bar.pendingFiles', { count: status.pendingFiles })}` : ''}
          </span>
          {status.pull && status.pull.events > 0 && (
            <span data-testid="sync-pull" style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
              {t('bar.pulling', {
                count: status.pull.events,
                number: formatCount(status.pull.events, i18n.language),
              })}
              {status.pull.percent !== null && (
                <Progress percent={status.pull.percent} size="small" style={{ width: 160, marginBottom: 0 }} />
              )}
            </span>
          )}
          <span data-testid="sync-last">
            <ClockCircleOutlined />{' '}
            {t('bar.lastSync', { time: status.lastSyncAt ? formatDateTime(status.lastSyncAt) : t('bar.never') })}
          </span>
        </>
      )}
      {status.lastError && (
        <Popover content={<Details status={status} />} title={t('details.title')} trigger="click">
          <Button type="link" danger size="small" icon={<ExclamationCircleOutlined />} data-testid="sync-error">
            {t('bar.error')}: {status.lastError.message}
          </Button>
        </Popover>
      )}
      {status.clockSkewed && status.clockSkewMs !== null && (
        <Typography.Text type="warning" data-testid="sync-clock">
          {t('bar.clockSkew', { count: Math.round(Math.abs(status.clockSkewMs) / 60_000) })}
        </Typography.Text>
      )}
      <Space style={{ marginLeft: 'auto' }}>
        {status.enrolled && (
          <Badge count={status.reviewOpen} size="small">
            <Button size="small" onClick={() => setReviewOpen(true)} data-testid="sync-review">
              {t('bar.review', { count: status.reviewOpen })}
            </Button>
          </Badge>
        )}
        {status.enrolled && (
          <Tooltip title={t('bar.syncNow')}>
            <Button size="small" icon={<SyncOutlined spin={syncing} />} onClick={syncNow} loading={false}>
              {t('bar.syncNow')}
            </Button>
          </Tooltip>
        )}
      </Space>
      <ReviewDrawer open={reviewOpen} onClose={() => setReviewOpen(false)} />
    </footer>
  );
}
