import { DEFAULT_WORK_SCHEDULE } from '../../shared/calendar/schema';
import { instantMs } from '../../shared/calendar/time';
import type { Duration } from '../../shared/deadline/duration';
import type { DossierEvent, DossierEventType, PayloadOf } from '../../shared/dossier/events';
import { encodeHlc } from '../../shared/hlc/hlc';

export const COUNTER = 'office-counter';
export const AGENCY = 'office-agency';
export const DOSSIER = 'dossier-1';

let seq = 0;
/** Builds a valid event whose HLC follows its wall time (plus a per-test sequence for ties). */
export function ev<T extends DossierEventType>(
  type: T,
  wallTime: string,
  payload: PayloadOf<T>,
  opts: { officeId?: string; id?: string; dossierId?: string; deviceId?: string } = {},
): DossierEvent {
  seq += 1;
  const ms = instantMs(wallTime);
  const deviceId = opts.deviceId ?? 'desk-1';
  return {
    id: opts.id ?? `0190${String(seq).padStart(8, '0')}`,
    dossierId: opts.dossierId ?? DOSSIER,
    type,
    payload,
    actor: { userId: 'user-1', officeId: opts.officeId ?? COUNTER },
    deviceId,
    hlc: encodeHlc({ ms, counter: 0, node: deviceId }),
    wallTime: `${wallTime}:00+07:00`,
  } as DossierEvent;
}

export function received(wallTime: string, duration: Duration = { unit: 'working-days', value: 5 }): DossierEvent {
  return ev('received', wallTime, {
    code: '000.00.06.H56-231027-0361',
    procedure: { code: '2.000488', name: 'Cấp bản sao trích lục hộ tịch', duration },
    channel: 1,
    applicantType: 1,
    applicant: { fullName: 'Đặng Thị Hoa', idNumber: '001199012345', phone: '0912345678' },
    components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
    schedule: DEFAULT_WORK_SCHEDULE,
  });
}

export const transfer = (wallTime: string, from: string, to: string, stepDueAt?: string) =>
  ev(
    'transferred',
    wallTime,
    { toOfficeId: to, mode: 'electronic', ...(stepDueAt ? { stepDueAt } : {}) },
    { officeId: from },
  );
export const accept = (wallTime: string, office: string) => ev('accepted', wallTime, {}, { officeId: office });
export const result = (wallTime: string, office: string) =>
  ev('result-recorded', wallTime, { summary: 'Đã cấp bản sao' }, { officeId: office });
export const returned = (wallTime: string, office = COUNTER) =>
  ev(
    'returned',
    wallTime,
    { collectedBy: { fullName: 'Đặng Thị Hoa', relation: 'applicant' }, method: 'counter' },
    { officeId: office },
  );
