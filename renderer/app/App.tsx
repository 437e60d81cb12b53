import { BookOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Layout, Menu, Select, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { useTranslation } from 'react-i18next';
import { type Language, languages } from '../../shared/i18n';
import { ProceduresScreen } from '../features/procedures/ProceduresScreen';
import { changeLanguage } from '../i18n';
import { useNavigation } from '../stores/navigation';
import { HelpOverlay } from './HelpOverlay';
import { screenShortcuts, useGlobalShortcuts } from './shortcuts';

const antdLocales = { vi: viVN, en: enUS } as const;

export function App() {
  const { t, i18n } = useTranslation();
  const language = (i18n.language === 'en' ? 'en' : 'vi') as Language;
  dayjs.locale(language === 'vi' ? 'vi' : 'en');
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const setHelpOpen = useNavigation((s) => s.setHelpOpen);
  useGlobalShortcuts();

  return (
    <ConfigProvider locale={antdLocales[language]} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4 } }}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Sider width={232} theme="light" breakpoint="lg" collapsedWidth={64}>
            <div style={{ padding: '16px 20px' }}>
              <Typography.Title level={4} style={{ margin: 0, color: '#b71c1c' }}>
                {t('app.name')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
            </div>
            <Menu
              mode="inline"
              selectedKeys={[screen]}
              onClick={({ key }) => (key === 'help' ? setHelpOpen(true) : go(key as typeof screen))}
              items={[
                {
                  key: 'procedures',
                  icon: <BookOutlined />,
                  label: `${t('nav.procedures')}  (${screenShortcuts.procedures.label})`,
                },
                { key: 'help', icon: <QuestionCircleOutlined />, label: `${t('nav.help')}  (F1)` },
              ]}
            />
          </Layout.Sider>
          <Layout>
            <Layout.Header
              style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', paddingInline: 24 }}
            >
              <Space>
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
            <Layout.Content style={{ padding: 24 }}>{screen === 'procedures' && <ProceduresScreen />}</Layout.Content>
          </Layout>
        </Layout>
        <HelpOverlay />
      </AntApp>
    </ConfigProvider>
  );
}
