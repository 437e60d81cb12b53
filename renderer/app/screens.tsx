import {
  BarChartOutlined,
  BookOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FolderOpenOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { allowedCalls } from '../../shared/accounts/policy';
import type { CallName } from '../../shared/contract/calls';
import { useSession } from '../features/accounts/session';
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
  /** The call the screen cannot work without: the screen is offered to the roles allowed it. */
  needs: CallName;
  render: () => ReactNode;
}

export const screens: ScreenSpec[] = [
  { id: 'intake', icon: <FileAddOutlined />, key: 'n', needs: 'dossier.receive', render: () => <IntakeScreen /> },
  { id: 'dossiers', icon: <FolderOpenOutlined />, key: 'h', needs: 'dossier.list', render: () => <DossiersScreen /> },
  { id: 'procedures', icon: <BookOutlined />, key: 'p', needs: 'catalogue.search', render: () => <ProceduresScreen /> },
  {
    id: 'supervision',
    icon: <DashboardOutlined />,
    key: 'g',
    needs: 'reports.dashboard',
    render: () => <SupervisionScreen />,
  },
  { id: 'reports', icon: <BarChartOutlined />, key: 'b', needs: 'reports.ii06a', render: () => <ReportsScreen /> },
  { id: 'settings', icon: <SettingOutlined />, key: 'c', needs: 'desk.set', render: () => <SettingsScreen /> },
];

/**
 * The screens the signed-in user's roles allow (every screen outside the sign-in gate, as in screen
 * tests). The back end checks every call anyway; this keeps the menu to what the user can use.
 */
export function useVisibleScreens(): ScreenSpec[] {
  const roles = useSession()?.status.user?.roles;
  if (!roles) return screens;
  const allowed = new Set<string>(allowedCalls(roles));
  return screens.filter((s) => allowed.has(s.needs));
}
