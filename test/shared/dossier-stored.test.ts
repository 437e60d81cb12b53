import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../shared/calendar/calendar';
import { DEFAULT_WORK_SCHEDULE } from '../../shared/calendar/schema';
import type { DossierEvent } from '../../shared/dossier/events';
import { type DossierState, emptyDossierState, type FoldContext, fold } from '../../shared/dossier/fold';
import { packState, stateColumns, unpackState } from '../../shared/dossier/stored';
import { AGENCY, accept, COUNTER, ev, received, result, returned, transfer } from './dossier-helpers';

const ctx: FoldContext = { calendar: createCalendar() };

/** Histories that between them set every kind of field: pauses, money, corrections, extension, closures. */
function histories(): DossierEvent[][] {
  return [
    [
      received('2023-10-23T08:00'),
      ev('receipt-corrected', '2023-10-23T08:10', {
        field: 'applicant.phone',
        oldValue: '0912345678',
        newValue: '0987654321',
        reason: 'Nhập nhầm',
      }),
      transfer('2023-10-23T09:00', COUNTER, AGENCY),
      accept('2023-10-23T10:00', AGENCY),
      ev(
        'financial-obligation-requested',
        '2023-10-24T08:00',
        { description: 'Lệ phí', amount: 50_000 },
        { officeId: AGENCY },
      ),
      ev('financial-obligation-paid', '2023-10-24T10:00', { amount: 50_000 }, { officeId: AGENCY }),
      ev(
        'supplement-requested',
        '2023-10-25T08:00',
        { items: ['Giấy chứng sinh'], reason: 'Thiếu' },
        { officeId: AGENCY },
      ),
      ev('supplement-received', '2023-10-26T10:00', {}, { officeId: COUNTER }),
      ev(
        'apology-issued',
        '2023-11-06T08:00',
        { reason: 'Cần xác minh', newDueAt: '2023-11-10T08:00:00+07:00' },
        { officeId: AGENCY },
      ),
      ev('step-completed', '2023-11-07T09:00', { step: 'Thẩm định' }, { officeId: AGENCY }),
      result('2023-11-08T10:00', AGENCY),
      transfer('2023-11-08T11:00', AGENCY, COUNTER),
      returned('2023-11-09T08:00'),
      ev('satisfaction-recorded', '2023-11-09T08:05', { criteria: [2, 2, 2, 1, 2, 2, 2, 2, 0], rating: 4 }),
    ],
    [received('2023-10-27T09:32', { unit: 'none' }), ev('withdrawn', '2023-10-27T10:00', { reason: 'Rút' })],
    [received('2023-10-27T09:32'), ev('stopped', '2023-10-30T08:00', { reason: 'Dừng' })],
    [received('2023-10-27T09:32'), ev('refused', '2023-10-27T10:00', { reason: 'Không thuộc thẩm quyền' })],
  ];
}

/** Every state each history passes through, and the empty state. */
function states(): DossierState[] {
  const all = histories().flatMap((events) => events.map((_, i) => fold(events.slice(0, i + 1), ctx)));
  return [emptyDossierState('dossier-empty'), ...all];
}

const rowOf = (state: DossierState, text: string) => ({ ...stateColumns(state), state: text });
const withoutEventIds = ({ eventIds: _eventIds, ...rest }: DossierState) => rest;
/** The fields a state's stored text holds (after its version). */
const storedFields = (text: string) => {
  expect(text.startsWith('2{')).toBe(true);
  return JSON.parse(text.slice(1)) as Record<string, Record<string, unknown> | unknown>;
};

/**
 * The form the release before versions wrote: every field but the empty ones, the id, the last HLC,
 * the status name, `closed`, a duration equal to the procedure's and the event ids.
 */
function firstForm(state: DossierState): string {
  const empty = emptyDossierState('') as unknown as Record<string, unknown>;
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (['dossierId', 'lastHlc', 'statusName', 'closed', 'eventIds'].includes(key)) continue;
    if (key === 'duration' && JSON.stringify(value) === JSON.stringify(state.procedure?.duration ?? null)) continue;
    if (JSON.stringify(value) !== JSON.stringify(empty[key])) stored[key] = value;
  }
  return JSON.stringify(stored);
}

describe('the stored form of a dossier state', () => {
  it('gives back every field but the event ids, in the fold’s order, for every state of every history', () => {
    const all = states();
    expect(all.length).toBeGreaterThan(20);
    for (const state of all) {
      const back = unpackState(rowOf(state, packState(state)));
      expect(back).toEqual(withoutEventIds(state));
      expect(JSON.stringify(back)).toBe(JSON.stringify(withoutEventIds(state)));
    }
  });

  it('reads a row an earlier release wrote whole as the same state', () => {
    for (const state of states()) {
      expect(unpackState(rowOf(state, JSON.stringify(state)))).toEqual(withoutEventIds(state));
    }
  });

  it('reads a row in the form written before versions as the same state, in the same order', () => {
    for (const state of states()) {
      const back = unpackState(rowOf(state, firstForm(state)));
      expect(JSON.stringify(back)).toBe(JSON.stringify(withoutEventIds(state)));
    }
  });

  it('stores neither the empty fields nor what the row or the other fields give', () => {
    const events = histories()[0] ?? [];
    const state = fold(events, ctx);
    expect(state.status).toBe(10);
    const stored = storedFields(packState(state));
    const leftOut = ['dossierId', 'lastHlc', 'eventIds', 'statusName', 'closed', 'duration', 'owner', 'stop'];
    // What the row's columns hold, and what follows from it.
    leftOut.push('code', 'status', 'channel', 'receivingOfficeId', 'holderOfficeId', 'receivedAt', 'dueAt');
    leftOut.push('clockStartAt', 'schedule');
    for (const key of leftOut) expect(stored, key).not.toHaveProperty(key);
    expect(state).toMatchObject({ status: 10, code: '000.00.06.H56-231027-0361', schedule: DEFAULT_WORK_SCHEDULE });
    // The corrected phone number, the name and the ID number are the row's; the procedure's code and name too.
    expect(state.applicant).toEqual({ fullName: 'Đặng Thị Hoa', idNumber: '001199012345', phone: '0987654321' });
    expect(stored.applicant).toEqual({});
    expect(stored.procedure).toEqual({ duration: { unit: 'working-days', value: 5 } });
    expect(stored.result).not.toHaveProperty('recordedAt');
    expect(stored.returned).not.toHaveProperty('returnedAt');
    expect(state.rejected).toEqual([]);
    for (const key of ['financial', 'pauses', 'extension', 'corrections', 'satisfaction', 'handoffs'] as const) {
      expect(state[key], key).not.toEqual(emptyDossierState('')[key]);
      expect(stored[key], key).toEqual(state[key]);
    }
  });

  it('stores a dossier returned at the counter in under half of its fold', () => {
    const state = fold(
      [
        received('2023-10-27T09:32'),
        ev('step-completed', '2023-10-27T10:00', { step: 'Thẩm định' }),
        result('2023-10-27T11:00', COUNTER),
        returned('2023-10-27T14:00'),
      ],
      ctx,
    );
    expect(state.rejected).toEqual([]);
    expect(packState(state).length).toBeLessThan(JSON.stringify(state).length * 0.5);
  });

  it('keeps a field whose value is not the one it would be given back', () => {
    const state = fold(histories()[1] ?? [], ctx);
    const schedule = { ...DEFAULT_WORK_SCHEDULE, periods: [{ start: '07:30', end: '11:30' }] };
    const odd: DossierState = {
      ...state,
      statusName: 'processing',
      closed: false,
      duration: null,
      clockStartAt: '2023-10-27T13:30:00+07:00',
      schedule,
      // The fields in another order than the schema's: the row's would be put back elsewhere.
      applicant: { phone: '0912345678', fullName: 'Đặng Thị Hoa' },
    };
    const stored = storedFields(packState(odd));
    expect(stored).toMatchObject({ statusName: 'processing', closed: false, duration: null, schedule });
    expect(stored).toMatchObject({ clockStartAt: '2023-10-27T13:30:00+07:00', applicant: odd.applicant });
    const back = unpackState(rowOf(odd, packState(odd)));
    expect(JSON.stringify(back)).toBe(JSON.stringify(withoutEventIds(odd)));
  });

  it('gives each state read back arrays of its own: changing one changes no other', () => {
    const state = fold([received('2023-10-27T09:32')], ctx);
    expect(state.pauses).toEqual([]);
    const text = packState(state);
    const first = unpackState(rowOf(state, text));
    first.pauses.push({ kind: 'supplement', from: '2023-10-30T08:00:00+07:00', to: null, eventId: 'x' });
    first.correctedFields.note = 'x';
    first.schedule?.weekendDays.push(5);
    const second = unpackState(rowOf(state, text));
    expect(second.pauses).toEqual([]);
    expect(second.correctedFields).toEqual({});
    expect(second.schedule).toEqual(DEFAULT_WORK_SCHEDULE);
    expect(packState(state)).toBe(text);
  });
});
