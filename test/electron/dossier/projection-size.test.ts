import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORK_SCHEDULE } from '../../../shared/calendar/schema';
import type { DossierEvent } from '../../../shared/dossier/events';
import { openTestBackend } from '../../helpers/backend';
import { ev } from '../../shared/dossier-helpers';

/** A dossier as most are: received at the counter, one step, a result, returned to the applicant. */
function returnedDossier(i: number): DossierEvent[] {
  const dossierId = `dossier-${String(i).padStart(4, '0')}`;
  const number = String(i + 1).padStart(4, '0');
  const at = { dossierId, officeId: 'xa-a' };
  return [
    ev(
      'received',
      '2025-01-06T08:00',
      {
        code: `000.00.06.H56-250106-${number}`,
        procedure: {
          code: '2.000488',
          name: 'Cấp bản sao trích lục hộ tịch',
          duration: { unit: 'working-days', value: 5 },
        },
        channel: 1,
        applicantType: 1,
        applicant: {
          fullName: `Nguyễn Thị Hồng ${i}`,
          idNumber: String(1_000_000_000 + i).padStart(12, '0'),
          phone: `09${String(i).padStart(8, '0')}`,
          address: 'Thôn Đông, xã Hưng Nguyên, tỉnh Nghệ An',
        },
        components: [
          { name: 'Tờ khai đăng ký khai sinh theo mẫu', copies: { original: 1, certified: 0, photocopy: 0 } },
          { name: 'Giấy chứng sinh', copies: { original: 1, certified: 0, photocopy: 0 } },
        ],
        schedule: DEFAULT_WORK_SCHEDULE,
      },
      at,
    ),
    ev('step-completed', '2025-01-06T09:00', { step: 'Thẩm định hồ sơ', note: 'Hồ sơ đầy đủ, hợp lệ' }, at),
    ev(
      'result-recorded',
      '2025-01-07T10:00',
      { summary: 'Cấp bản sao trích lục hộ tịch', documentNo: `${i}/TLHT` },
      at,
    ),
    ev(
      'returned',
      '2025-01-08T14:00',
      { collectedBy: { fullName: `Nguyễn Thị Hồng ${i}`, relation: 'applicant' }, method: 'counter' },
      at,
    ),
  ];
}

describe('the projection’s size on disk', () => {
  // Encrypted as the desktop's database is: each page keeps room for its IV and HMAC.
  const backend = openTestBackend({ user: false, secret: randomBytes(32) });
  afterAll(() => backend.dispose());

  it('keeps two returned dossiers in each 4 KB page of the dossier table', () => {
    const count = 400;
    const added = backend.dossiers.applyRemote(Array.from({ length: count }, (_, i) => returnedDossier(i)).flat());
    expect(added).toBe(count * 4);
    const rows = backend.db.get<{ n: number; returned: number }>(
      'SELECT count(*) AS n, sum(status = 10) AS returned FROM dossier',
    );
    expect(rows).toEqual({ n: count, returned: count });
    const pages = backend.db.get<{ leaves: number; overflow: number }>(
      `SELECT sum(pagetype = 'leaf') AS leaves, sum(pagetype = 'overflow') AS overflow FROM dbstat WHERE name = 'dossier'`,
    );
    expect(pages?.overflow).toBe(0);
    expect(pages?.leaves).toBeLessThanOrEqual(count / 2);
  });
});
