import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allowedCalls } from '../../../shared/accounts/policy';
import type { DeadlineAlert } from '../../../shared/contract/reports';
import { useCall } from '../../api/useCall';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../accounts/session';

const POLL_MS = 5 * 60_000;
const seenKey = 'motcua.alerts.seen';

function seen(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(seenKey) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

const alertId = (a: DeadlineAlert) => `${a.kind}:${a.row.id}`;

/** The deadline alerts of an office subtree (shared/reports/alerts.ts), refreshed every five minutes. */
export function useDeadlineAlerts(officeId?: string): DeadlineAlert[] {
  const alerts = useCall('reports.alerts', { officeId });
  const reload = useRef(alerts.reload);
  reload.current = alerts.reload;
  useEffect(() => {
    const timer = setInterval(() => reload.current(), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  return alerts.data?.items ?? [];
}

/**
 * Watches the deadline alerts from every screen, for those who may see them, and raises a desktop
 * notification (the Notification API, in Electron and in a browser) for each alert not seen before,
 * once notifications are allowed (the Giám sát screen asks for it). Renders nothing.
 */
export function AlertsWatcher() {
  const session = useSession();
  const roles = session?.status.user?.roles ?? [];
  if (!allowedCalls(roles).includes('reports.alerts')) return null;
  return <AlertNotifier />;
}

function AlertNotifier() {
  const { t } = useTranslation('reports');
  const items = useDeadlineAlerts();
  useEffect(() => {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || items.length === 0) return;
    const known = seen();
    const fresh = items.filter((a) => !known.has(alertId(a)));
    if (fresh.length === 0) return;
    const first = fresh[0];
    new Notification(t('supervision.alerts.notificationTitle'), {
      body: t('supervision.alerts.notificationBody', {
        count: fresh.length,
        first: first ? `${first.row.code ?? ''} ${first.row.applicantName ?? ''}` : '',
      }),
      tag: 'motcua-deadlines',
    });
    for (const a of fresh) known.add(alertId(a));
    try {
      localStorage.setItem(seenKey, JSON.stringify([...known].slice(-2000)));
    } catch {
      // private mode: notify again next time
    }
  }, [items, t]);
  return null;
}

/** The alerts as an in-app list (click opens the dossier), with the switch that allows notifications. */
export function AlertsPanel({ officeId }: { officeId?: string }) {
  const { t } = useTranslation('reports');
  const openDossier = useNavigation((s) => s.openDossier);
  const items = useDeadlineAlerts(officeId);
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');

  return (
    <Card
      size="small"
      data-testid="alerts"
      title={
        <span>
          <BellOutlined /> {t('supervision.alerts.title')} <Badge count={items.length} showZero color="#b71c1c" />
        </span>
      }
      extra={
        supported && permission === 'default' ? (
          <Button size="small" onClick={() => void Notification.requestPermission().then(setPermission)}>
            {t('supervision.alerts.enable')}
          </Button>
        ) : (
          <Typography.Text type="secondary">
            {permission === 'granted' ? t('supervision.alerts.enabled') : t('supervision.alerts.blocked')}
          </Typography.Text>
        )
      }
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('supervision.alerts.empty')}</Typography.Text>
      ) : (
        // A list of buttons: each alert opens its dossier with a click or from the keyboard (Tab, Enter).
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 240, overflow: 'auto' }}>
          {items.map((a) => (
            <li key={alertId(a)}>
              <Button
                type="text"
                block
                onClick={() => openDossier(a.row.id)}
                style={{ justifyContent: 'flex-start', height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
              >
                <Tag color={a.kind === 'lastDay' ? 'red' : 'orange'}>{a.kind === 'lastDay' ? '!' : '04'}</Tag>
                {t(`supervision.alerts.${a.kind}`, { code: a.row.code ?? '', name: a.row.applicantName ?? '' })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
