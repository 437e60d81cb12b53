import { act, fireEvent, render, screen } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBridge } from '../../../renderer/api/client';
import { AlertsPanel } from '../../../renderer/features/supervision/AlertsPanel';
import { initI18n } from '../../../renderer/i18n';
import { useNavigation } from '../../../renderer/stores/navigation';
import { openTestBackend, receiveDossier } from '../../helpers/backend';
import { inProcessBridge } from '../../helpers/bridge';

/**
 * The supervisor's deadline alerts (renderer/features/supervision/AlertsPanel.tsx) against the real back
 * end, its clock set to half an hour before a dossier's due time: the alert is a button that opens the
 * dossier, so it is reached with Tab and opened with Enter like every other action.
 */
describe('the deadline alerts panel', () => {
  let now = Date.parse('2026-11-23T08:00:00+07:00');
  const backend = openTestBackend({ now: () => now });
  let dossierId = '';
  beforeAll(async () => {
    initI18n('vi');
    useBridge(inProcessBridge(backend));
    const received = await receiveDossier(backend, {
      procedureCode: '1.004873',
      channel: 1,
      fullName: 'Lê Thị Cảnh Báo',
    });
    dossierId = received.row.id;
    const dueAt = received.row.dueAt;
    if (!dueAt) throw new Error('the procedure has no deadline');
    now = Date.parse(dueAt) - 30 * 60_000;
  });
  afterAll(() => backend.dispose());

  it('lists a dossier on its last working day as a button that opens it', async () => {
    render(
      <AntApp>
        <AlertsPanel />
      </AntApp>,
    );
    const alert = await screen.findByRole('button', { name: /Ngày làm việc cuối: .+ — Lê Thị Cảnh Báo/ });
    expect(alert.tagName).toBe('BUTTON');
    act(() => fireEvent.click(alert));
    expect(useNavigation.getState().dossierId).toBe(dossierId);
  });
});
