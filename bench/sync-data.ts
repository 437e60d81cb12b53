/**
 * The content of bench/sync.bench.ts, shared with its child process: one office, and dossiers with the
 * history a returned dossier has (received, step completed, result recorded, returned), about 0.8 KB an
 * event.
 */
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { keyFileName, loadOrCreateKeyFile } from '../electron/backend/accounts/secret';
import { DEFAULT_WORK_SCHEDULE } from '../shared/calendar/schema';
import { encodeHlc } from '../shared/hlc/hlc';

export const BENCH_OFFICE = { id: 'xa-a', agencyId: '000.00.06.H56', name: 'UBND xã A', level: 'commune' };

/**
 * The payload of dossier i's `received` event. The ID number and the phone are scattered over their
 * ranges, as a real office's citizens' are (consecutive ones would let every B-tree on them grow at its
 * end, which flatters whatever indexes them).
 */
export function receivedPayload(i: number) {
  const number = String((i % 5999) + 1).padStart(4, '0');
  return {
    code: `${BENCH_OFFICE.agencyId}-${String(250101 + (Math.floor(i / 5999) % 28)).padStart(6, '0')}-${number}`,
    procedure: {
      code: '2.000488',
      name: 'Cấp bản sao trích lục hộ tịch',
      duration: { unit: 'working-days', value: 5 },
    },
    channel: 1,
    applicantType: 1,
    applicant: {
      fullName: `Nguyễn Thị Hồng ${i}`,
      idNumber: String((i * 982_451_653 + 12_345) % 1_000_000_000_000).padStart(12, '0'),
      phone: `09${String((i * 7_919_113 + 4_321) % 100_000_000).padStart(8, '0')}`,
      address: 'Thôn Đông, xã Hưng Nguyên, tỉnh Nghệ An',
    },
    components: [
      { name: 'Tờ khai đăng ký khai sinh theo mẫu', copies: { original: 1, certified: 0, photocopy: 0 } },
      { name: 'Giấy chứng sinh', copies: { original: 1, certified: 0, photocopy: 0 } },
    ],
    schedule: DEFAULT_WORK_SCHEDULE,
  };
}

/**
 * When each event of a history happens, after the dossier's reception: an hour apart (the default), or
 * as a five-working-day procedure runs (`spread`: step after 2 days, result after 5, returned after 7).
 */
export const EVENT_OFFSETS_MS = {
  hours: [0, 1, 2, 3].map((h) => h * 3_600_000),
  spread: [0, 2, 5, 7].map((d) => d * 86_400_000),
} as const;

/** The history of dossier i (received i minutes after `baseMs`), as the server stores it. */
export function history(
  i: number,
  deviceId: string,
  baseMs: number,
  offsets: readonly number[] = EVENT_OFFSETS_MS.hours,
) {
  const dossierId = uuidv7();
  const at = (k: number) => baseMs + i * 60_000 + (offsets[k] ?? 0);
  const wall = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().replace('Z', '+07:00').replace('.000', '');
  const event = (k: number, type: string, payload: unknown) => ({
    id: uuidv7(),
    dossierId,
    type,
    hlc: encodeHlc({ ms: at(k), counter: 0, node: deviceId }),
    wallTime: wall(at(k)),
    actor: { userId: 'can-bo-1', officeId: BENCH_OFFICE.id },
    deviceId,
    payload,
  });
  return [
    event(0, 'received', receivedPayload(i)),
    event(1, 'step-completed', { step: 'Thẩm định hồ sơ', note: 'Hồ sơ đầy đủ, hợp lệ' }),
    event(2, 'result-recorded', { summary: 'Cấp bản sao trích lục hộ tịch', documentNo: `${i}/TLHT` }),
    event(3, 'returned', {
      collectedBy: { fullName: `Nguyễn Thị Hồng ${i}`, relation: 'applicant' },
      method: 'counter',
    }),
  ];
}

/**
 * The desk's secret as the web host keeps it (a 0600 key file in the data folder): the bench's desktop
 * database is encrypted as the product's is.
 */
export function deskSecret(dataDir: string): Buffer {
  return loadOrCreateKeyFile(join(dataDir, keyFileName));
}
