import { instantMs } from '../../shared/calendar/time';
import type { DossierDetail } from '../../shared/contract/dossier';
import { emptyCells, type Ii06aCells } from '../../shared/reports/ii06a';

/**
 * The known dataset of form II.06a (test/electron/reports/ii06a.test.ts computes every cell by hand;
 * remote.test.ts checks that the server gives the same), received and acted on through the real back
 * end at xã Hưng Nguyên, with the default Labor Code calendar of 2026: 26/4 Hùng Kings (Sunday) →
 * 27/4 compensatory, 30/4 and 1/5 holidays. Period: 01/04/2026 – 30/04/2026.
 */

/** A signed-in caller of the back end (test/electron/reports/session.ts). */
interface Caller {
  call<T>(name: string, input: unknown): Promise<T>;
}

/** The II.06a cells, zero but for those given. */
export const ii06aCells = (o: Partial<Ii06aCells>): Ii06aCells => ({ ...emptyCells(), ...o });

export interface DossierDriver {
  /** Sets the back end's clock. */
  at(iso: string): void;
  /** Receives a dossier at `when` (a counter intake); its id. */
  receive(when: string, procedureCode: string, channel?: 1 | 2 | 3): Promise<string>;
  act(when: string, dossierId: string, type: string, payload: unknown): Promise<DossierDetail>;
  result(when: string, dossierId: string): Promise<DossierDetail>;
}

/** Receives and acts through `call` (the officer's session), each step at its own time on `setNow`'s clock. */
export function dossierDriver(
  call: <T>(name: string, input: unknown) => Promise<T>,
  setNow: (ms: number) => void,
): DossierDriver {
  const at = (iso: string) => setNow(instantMs(iso));
  const act = (when: string, dossierId: string, type: string, payload: unknown) => {
    at(when);
    return call<DossierDetail>('dossier.act', { dossierId, type, payload });
  };
  return {
    at,
    receive: async (when, procedureCode, channel = 1) => {
      at(when);
      const d = await call<DossierDetail>('dossier.receive', {
        procedureCode,
        channel,
        applicant: { fullName: 'Nguyễn Văn An', idNumber: '040190001234' },
        components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
      });
      return d.row.id;
    },
    act,
    result: (when, dossierId) => act(when, dossierId, 'result-recorded', { summary: 'Kết quả' }),
  };
}

const HKD = '1.001612'; // Hộ kinh doanh, 3 working days
const HT3 = '1.004873'; // Hộ tịch, 3 working days
const HT_SAME_DAY = '1.000894'; // Hộ tịch, same day (next working day after 15:00)
const DD = '1.013831'; // Đất đai, 10 working days
const CTH = '2.001035'; // Chứng thực, 2 working days

export interface Ii06aDatasetOptions {
  /** O is rated after its return (criteria worth 16 points, rating 4), for the Decision 766 indicators. */
  rateO?: boolean;
  /** Q, one more dossier received by another commune (xã Nam Đàn, outside the subtree of xã Hưng
   * Nguyên): this administrator moves the desk there for it and back. */
  otherCommune?: Caller;
}

/** Writes the dataset; the ids of the dossiers whose due times the hand computation relies on. */
export async function receiveIi06aDataset(
  desk: DossierDriver,
  options: Ii06aDatasetOptions = {},
): Promise<Record<'A' | 'C' | 'D' | 'E' | 'G' | 'H' | 'H2' | 'I' | 'J' | 'O' | 'P', string>> {
  const { receive, act, result } = desk;
  // J — Đất đai, received 02/03, never resolved: carried over, overdue at the end of April.
  const J = await receive('2026-03-02T08:30:00+07:00', DD);
  // N — received 10/03 and withdrawn 12/03: closed before the period, not counted.
  const N = await receive('2026-03-10T08:00:00+07:00', HT3);
  await act('2026-03-12T08:00:00+07:00', N, 'withdrawn', { reason: 'Công dân rút hồ sơ' });
  // B — received 20/03, resolved 24/03: before the period, not counted.
  const B = await receive('2026-03-20T09:00:00+07:00', HKD);
  await result('2026-03-24T09:00:00+07:00', B);
  // A — received Fri 27/03 09:00, due Wed 01/04 09:00; result 02/04: carried over, late.
  const A = await receive('2026-03-27T09:00:00+07:00', HKD);
  // E — Đất đai received Wed 01/04 09:00, due 15/04 09:00; apology on 13/04 (2 working days before,
  // in time) with a new due time 24/04 17:00; result 24/04 09:00: on time against the extension.
  const E = await receive('2026-04-01T09:00:00+07:00', DD);
  await result('2026-04-02T10:00:00+07:00', A);
  // F — received 02/04, withdrawn 03/04: received, then ended (neither resolved nor pending).
  const F = await receive('2026-04-02T14:00:00+07:00', HT3);
  await act('2026-04-03T09:00:00+07:00', F, 'withdrawn', {});
  // C — online, received Mon 06/04 14:00, due Thu 09/04 14:00; result 09/04 16:30: after the clock
  // time but on the due date → on time (dates are compared).
  const C = await receive('2026-04-06T14:00:00+07:00', HT3, 2);
  // M — Chứng thực received 06/04, stopped (form 05) 07/04: ended.
  const M = await receive('2026-04-06T15:00:00+07:00', CTH);
  await act('2026-04-07T09:00:00+07:00', M, 'stopped', { reason: 'Theo đề nghị của cơ quan có thẩm quyền' });
  // G — Đất đai received Wed 08/04 10:00, due 22/04 10:00; resolved only on 05/05: pending, overdue.
  const G = await receive('2026-04-08T10:00:00+07:00', DD);
  await result('2026-04-09T16:30:00+07:00', C);
  // D — received Mon 13/04 08:00, due 16/04 08:00; supplement requested Tue 14/04 08:00, supplied
  // Mon 20/04 08:00 (4 working days paused) → due Wed 22/04 08:00; result 21/04: early.
  const D = await receive('2026-04-13T08:00:00+07:00', HT3);
  await act('2026-04-13T09:00:00+07:00', E, 'apology-issued', {
    reason: 'Cần xác minh thực địa',
    newDueAt: '2026-04-24T17:00:00+07:00',
  });
  await act('2026-04-14T08:00:00+07:00', D, 'supplement-requested', {
    items: ['Bản sao giấy khai sinh'],
    reason: 'Thiếu giấy tờ',
  });
  await act('2026-04-20T08:00:00+07:00', D, 'supplement-received', {});
  // O — received Mon 20/04 08:00, due Thu 23/04 08:00; result and return 24/04: late.
  const O = await receive('2026-04-20T08:05:00+07:00', HT3);
  await result('2026-04-21T10:00:00+07:00', D);
  // I — HKD received Wed 22/04 09:00, due 28/04 09:00 (27/04 compensatory day); supplement requested
  // 24/04 and not supplied by 30/04: paused before its due time → within time at the end.
  const I = await receive('2026-04-22T09:00:00+07:00', HKD);
  await result('2026-04-24T08:30:00+07:00', E);
  await result('2026-04-24T09:00:00+07:00', O);
  await act('2026-04-24T09:30:00+07:00', O, 'returned', {
    collectedBy: { fullName: 'Nguyễn Văn An', relation: 'applicant' },
  });
  if (options.rateO) {
    await act('2026-04-24T09:40:00+07:00', O, 'satisfaction-recorded', {
      criteria: [2, 2, 2, 2, 2, 2, 2, 1, 1],
      rating: 4,
    });
  }
  await act('2026-04-24T10:00:00+07:00', I, 'supplement-requested', { items: ['Hợp đồng thuê'], reason: 'Thiếu' });
  // P — HKD online, received Tue 28/04 10:00 (between holidays), due Tue 05/05 10:00: within time.
  const P = await receive('2026-04-28T10:00:00+07:00', HKD, 2);
  // H — holiday eve: same-day procedure received Wed 29/04 16:00 (after 15:00) → due the next working
  // day, Mon 04/05 17:00 (30/04, 01/05 holidays, then the weekend): pending within time.
  const H = await receive('2026-04-29T16:00:00+07:00', HT_SAME_DAY);
  // H2 — holiday eve, Chứng thực 2 working days, received 29/04 10:00 → due 05/05 10:00: within time.
  const H2 = await receive('2026-04-29T10:00:00+07:00', CTH);
  if (options.otherCommune) {
    // Q — received by another commune (outside the subtree of xa-hung-nguyen): not in its report.
    const admin = options.otherCommune;
    await admin.call('desk.set', {
      officeId: 'xa-nam-dan',
      counterId: null,
      officerName: 'Lê Thị Hoa',
      place: 'Nam Đàn',
    });
    await receive('2026-04-29T10:30:00+07:00', HT3);
    await admin.call('desk.set', {
      officeId: 'xa-hung-nguyen',
      counterId: 'quay-1',
      officerName: 'Nguyễn Thị Thu Hà',
      place: 'Hưng Nguyên',
    });
  }
  // K — received after the period: not counted. G resolved after the period (still pending at 30/04).
  await receive('2026-05-04T08:00:00+07:00', HT3);
  await result('2026-05-05T09:00:00+07:00', G);
  return { A, C, D, E, G, H, H2, I, J, O, P };
}
