import { Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/useCall';
import { SyncSettingsTab } from '../sync/SyncSettingsTab';
import { CalendarTab } from './CalendarTab';
import { CatalogueTab } from './CatalogueTab';
import { CountersTab } from './CountersTab';
import type { OrganisationData } from './common';
import { DeskTab } from './DeskTab';
import { OfficesTab } from './OfficesTab';
import { UsersTab } from './UsersTab';

export type SettingsTab = 'desk' | 'offices' | 'counters' | 'calendar' | 'catalogue' | 'users' | 'sync';

/**
 * Cài đặt (administrator): this desk, the organisation tree, counters, the working calendar and the
 * procedure catalogue, the users and the sign-in policy. Tabs switch with ← →; every form saves with Ctrl+Enter.
 */
export function SettingsScreen({ initialTab = 'desk' }: { initialTab?: SettingsTab }) {
  const { t } = useTranslation('settings');
  const [tab, setTab] = useState<SettingsTab>(initialTab);
  const offices = useCall('office.list', {});
  const counters = useCall('counter.list', {});
  const organisation: OrganisationData = {
    offices: offices.data ?? [],
    counters: counters.data ?? [],
    reload: () => {
      offices.reload();
      counters.reload();
    },
  };
  const loadError = offices.error ?? counters.error;

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as SettingsTab)}
        aria-label={t('tabsHint')}
        items={[
          {
            key: 'desk',
            label: t('tabs.desk'),
            children: <DeskTab organisation={organisation} loadError={loadError} />,
          },
          { key: 'offices', label: t('tabs.offices'), children: <OfficesTab organisation={organisation} /> },
          { key: 'counters', label: t('tabs.counters'), children: <CountersTab organisation={organisation} /> },
          { key: 'calendar', label: t('tabs.calendar'), children: <CalendarTab /> },
          { key: 'catalogue', label: t('tabs.catalogue'), children: <CatalogueTab /> },
          { key: 'users', label: t('accounts:users.tab'), children: <UsersTab organisation={organisation} /> },
          { key: 'sync', label: t('sync:settings.tab'), children: <SyncSettingsTab /> },
        ]}
      />
    </div>
  );
}
