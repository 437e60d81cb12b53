import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import { StrictMode } from 'react';
import type { Backend } from '../../../electron/backend/backend';
import { SettingsScreen, type SettingsTab } from '../../../renderer/features/settings/SettingsScreen';
import type { MotCuaApi } from '../../../shared/contract/api';
import { callAsAdmin } from '../../electron/calendar/direct';

/**
 * The renderer's bridge wired to a real back end in this process, calling as a signed-in administrator
 * (the session and role checks in front belong to the accounts capability and are tested there).
 */
export function adminBridge(backend: Backend, language: () => 'vi' | 'en' = () => 'vi'): MotCuaApi {
  return { call: (name, input) => callAsAdmin(backend, name, input, language()) as never };
}

/** The Settings screen as the application mounts it: in StrictMode (renderer/main.tsx), which mounts twice. */
export function renderSettings(tab?: SettingsTab) {
  return render(
    <StrictMode>
      <ConfigProvider locale={viVN}>
        <AntApp>
          <SettingsScreen initialTab={tab} />
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
}

/** A File whose text() works in happy-dom. */
export function jsonFile(name: string, content: unknown): File {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return new File([text], name, { type: 'application/json' });
}
