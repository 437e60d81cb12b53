import { act, render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportSourceNote } from '../../../renderer/features/reports/ReportsScreen';
import { changeLanguage, initI18n } from '../../../renderer/i18n';

/** The note under a report says where its figures come from (issue 7 §4), in both languages. */
describe('the report source note', () => {
  beforeAll(() => {
    initI18n('vi');
  });

  it('names the central server and the time it computed the figures (Vietnam time), and unsent changes', () => {
    render(<ReportSourceNote source={{ kind: 'server', at: '2026-05-06T03:04:00.000Z', pendingLocal: 3 }} />);
    expect(screen.getByTestId('server-note').textContent).toBe('Số liệu toàn tỉnh từ máy chủ, lúc 06/05/2026 10:04');
    expect(screen.getByTestId('source-detail').textContent).toBe(
      'Máy này còn 3 thao tác chưa gửi lên máy chủ, chưa có trong số liệu.',
    );
    expect(screen.queryByTestId('offline-note')).toBeNull();
  });

  it('says the figures are this computer’s own, and why', async () => {
    render(
      <ReportSourceNote
        source={{ kind: 'local', at: '2026-05-06T10:04:00+07:00', reason: 'refused', detail: 'Ngoài phạm vi' }}
      />,
    );
    expect(screen.getByTestId('offline-note').textContent).toBe('Số liệu tính từ dữ liệu trên máy này');
    expect(screen.getByTestId('source-detail').textContent).toBe(
      'Máy chủ trung tâm không cung cấp báo cáo này: Ngoài phạm vi',
    );
    await act(async () => changeLanguage('en'));
    expect(screen.getByTestId('offline-note').textContent).toBe('Figures computed from the data on this computer');
    await act(async () => changeLanguage('vi'));
  });
});
