import { join } from 'node:path';
import type { FormContext } from '../../../electron/backend/forms';
import { createCalendar } from '../../../shared/calendar/calendar';
import { DEFAULT_WORK_SCHEDULE } from '../../../shared/calendar/schema';
import type { DossierEvent, PayloadOf } from '../../../shared/dossier/events';
import { type DossierState, fold } from '../../../shared/dossier/fold';
import { AGENCY, COUNTER, ev } from '../../shared/dossier-helpers';

export const ASSETS = join(__dirname, '..', '..', '..', 'assets');
export const CODE = '000.00.06.H56-231027-0361';
export const calendar = createCalendar();
export const foldCtx = { calendar };

export const ctx: FormContext = {
  office: {
    name: 'Bộ phận Một cửa UBND phường Hoàn Kiếm',
    parentName: 'UBND thành phố Hà Nội',
    agencyId: '000.00.06.H56',
    address: '126 Hàng Trống, phường Hoàn Kiếm, Hà Nội',
    phone: '024 3825 3536',
  },
  officerName: 'Nguyễn Văn Được',
  place: 'Hà Nội',
  printedAt: '2023-10-27T09:40:00+07:00',
  officeNames: {
    [COUNTER]: 'Bộ phận Một cửa UBND phường Hoàn Kiếm',
    [AGENCY]: 'Phòng Tư pháp',
    'office-dept': 'Phòng Văn hóa - Xã hội',
  },
};

export type ReceivedOverrides = Partial<PayloadOf<'received'>>;

/** A received event for "Đặng Thị Ưng" (wall time local, "YYYY-MM-DDTHH:MM"). */
export function receivedEvent(
  wallTime = '2023-10-27T09:32',
  over: ReceivedOverrides = {},
  dossierId?: string,
): DossierEvent {
  return ev(
    'received',
    wallTime,
    {
      code: CODE,
      procedure: {
        code: '2.000488',
        name: 'Cấp bản sao trích lục hộ tịch',
        duration: { unit: 'working-days', value: 5 },
      },
      channel: 1,
      applicantType: 1,
      applicant: {
        fullName: 'Đặng Thị Ưng',
        idNumber: '001199012345',
        phone: '0912345678',
        address: 'Số 5 ngõ 12 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội',
      },
      owner: { fullName: 'Lê Văn Ổn' },
      components: [
        { name: 'Tờ khai đề nghị cấp bản sao trích lục hộ tịch', copies: { original: 1, certified: 0, photocopy: 0 } },
        { name: 'Căn cước công dân của người yêu cầu', copies: { original: 0, certified: 1, photocopy: 1 } },
        { name: 'Văn bản ủy quyền (nếu có)', copies: { original: 1, certified: 0, photocopy: 0 } },
      ],
      schedule: DEFAULT_WORK_SCHEDULE,
      ...over,
    },
    dossierId ? { dossierId } : {},
  );
}

export function receivedState(over: ReceivedOverrides = {}): DossierState {
  return fold([receivedEvent(undefined, over)], foldCtx);
}

export const DEPT = 'office-dept';

/**
 * receive → counter hands on at once (on time) → the agency hands on to a department after its step's
 * due (late) → the department's result goes back to the counter before the due time (early) → returned.
 */
export function processedEvents(): DossierEvent[] {
  return [
    receivedEvent('2023-10-27T09:32'),
    ev(
      'transferred',
      '2023-10-27T10:00',
      { toOfficeId: AGENCY, mode: 'electronic', stepDueAt: '2023-10-30T17:00:00+07:00' },
      { officeId: COUNTER },
    ),
    ev('accepted', '2023-10-27T14:00', {}, { officeId: AGENCY }),
    ev('transferred', '2023-10-31T09:00', { toOfficeId: DEPT, mode: 'paper' }, { officeId: AGENCY }),
    ev('accepted', '2023-10-31T10:00', {}, { officeId: DEPT }),
    ev('result-recorded', '2023-11-02T10:00', { summary: 'Đã cấp bản sao' }, { officeId: DEPT }),
    ev('transferred', '2023-11-02T11:00', { toOfficeId: COUNTER, mode: 'electronic' }, { officeId: DEPT }),
    ev(
      'returned',
      '2023-11-03T08:00',
      { collectedBy: { fullName: 'Đặng Thị Ưng', relation: 'applicant' }, method: 'counter' },
      { officeId: COUNTER },
    ),
  ];
}

export { AGENCY, COUNTER, ev };
