import { QuestionCircleOutlined } from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Layout, Menu, Select, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language, languages } from '../../shared/i18n';
import { AccountsGate } from '../features/accounts/AccountsGate';
import { useSession } from '../features/accounts/session';
import { UserMenu } from '../features/accounts/UserMenu';
import { DossierDrawer } from '../features/dossiers/DossierDrawer';
import { AlertsWatcher } from '../features/supervision/AlertsPanel';
import { SyncStatusBar } from '../features/sync/SyncStatusBar';
import { changeLanguage } from '../i18n';
import { useNavigation } from '../stores/navigation';
import { HelpOverlay } from './HelpOverlay';
import { useVisibleScreens } from './screens';
import { useGlobalShortcuts } from './shortcuts';
import { useGlobalScan } from './useGlobalScan';

const antdLocales = { vi: viVN, en: enUS } as const;

/** The last user signed in on this PC (the shell may unmount while nobody is): another one starts afresh. */
let lastSignedIn: string | null = null;

/** The application: antd in the user's language around the shell. */
export function App() {
  const { i18n } = useTranslation();
  const language = (i18n.language === 'en' ? 'en' : 'vi') as Language;
  dayjs.locale(language === 'vi' ? 'vi' : 'en');
  return (
    <ConfigProvider locale={antdLocales[language]} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4 } }}>
      <AntApp>
        <AccountsGate>
          <Shell language={language} />
        </AccountsGate>
      </AntApp>
    </ConfigProvider>
  );
}

/** Menu, header, the current screen, the dossier drawer and the help overlay; global keys and scans. */
function Shell({ language }: { language: Language }) {
  const { t } = useTranslation();
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const setHelpOpen = useNavigation((s) => s.setHelpOpen);
  const screens = useVisibleScreens();
  const userId = useSession()?.status.user?.id ?? null;
  useGlobalShortcuts(screens);
  // Another user signed in on this PC, or a screen this user may not use: start at their first screen.
  const firstScreen = screens[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the signed-in user changes
  useEffect(() => {
    if (!userId || userId === lastSignedIn) return;
    const switched = lastSignedIn !== null;
    lastSignedIn = userId;
    if (!switched) return;
    useNavigation.setState({ dossierId: null });
    if (firstScreen) useNavigation.getState().go(firstScreen);
  }, [userId]);
  useEffect(() => {
    if (firstScreen && !screens.some((s) => s.id === screen)) useNavigation.getState().go(firstScreen);
  }, [screens, screen, firstScreen]);
  useGlobalScan();

  return (
    <>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider width={240} theme="light" breakpoint="lg" collapsedWidth={64}>
          <div style={{ padding: '16px 20px' }}>
            <Typography.Title level={4} style={{ margin: 0, color: '#b71c1c' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
          <Menu
            mode="inline"
            selectedKeys={[screen]}
            onClick={({ key }) => (key === 'help' ? setHelpOpen(true) : go(key))}
            items={[
              ...screens.map((s) => ({
                key: s.id,
                icon: s.icon,
                label: (
                  <span>
                    {t(`nav.${s.id}`)} <kbd className="shortcut">Alt+{s.key.toUpperCase()}</kbd>
                  </span>
                ),
              })),
              {
                key: 'help',
                icon: <QuestionCircleOutlined />,
                label: (
                  <span>
                    {t('nav.help')} <kbd className="shortcut">F1</kbd>
                  </span>
                ),
              },
            ]}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', paddingInline: 24 }}>
            <Space>
              <UserMenu />
              <span>{t('app.language')}</span>
              <Select
                aria-label={t('app.language')}
                value={language}
                style={{ width: 130 }}
                onChange={(value: Language) => changeLanguage(value)}
                options={languages.map((l) => ({ value: l, label: t(`app.languages.${l}`) }))}
              />
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: 24 }}>{screens.find((s) => s.id === screen)?.render()}</Layout.Content>
          <SyncStatusBar />
        </Layout>
      </Layout>
      <HelpOverlay />
      <DossierDrawer />
      <AlertsWatcher />
    </>
  );
}
