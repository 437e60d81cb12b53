import {
  BarChartOutlined,
  BookOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FolderOpenOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { DossiersScreen } from '../features/dossiers/DossiersScreen';
import { IntakeScreen } from '../features/intake/IntakeScreen';
import { ProceduresScreen } from '../features/procedures/ProceduresScreen';
import { ReportsScreen } from '../features/reports/ReportsScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { SupervisionScreen } from '../features/supervision/SupervisionScreen';

/**
 * The screens of the application, in menu order. Each has a translation key under `nav.`, an icon,
 * and an Alt+<key> shortcut shown in the menu and the help overlay (F1). A capability adds its screen
 * here and nowhere else.
 */
export interface ScreenSpec {
  id: string;
  icon: ReactNode;
  /** Alt+key opens it. */
  key: string;
  render: () => ReactNode;
}

export const screens: ScreenSpec[] = [
  { id: 'intake', icon: <FileAddOutlined />, key: 'n', render: () => <IntakeScreen /> },
  { id: 'dossiers', icon: <FolderOpenOutlined />, key: 'h', render: () => <DossiersScreen /> },
  { id: 'procedures', icon: <BookOutlined />, key: 'p', render: () => <ProceduresScreen /> },
  { id: 'supervision', icon: <DashboardOutlined />, key: 'g', render: () => <SupervisionScreen /> },
  { id: 'reports', icon: <BarChartOutlined />, key: 'b', render: () => <ReportsScreen /> },
  { id: 'settings', icon: <SettingOutlined />, key: 'c', render: () => <SettingsScreen /> },
];
