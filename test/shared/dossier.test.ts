import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../shared/calendar/calendar';
import { instantMs } from '../../shared/calendar/time';
import { dossierEventSchema } from '../../shared/dossier/events';
import {
  allowedActions,
  applyEvent,
  deadlineAt,
  emptyDossierState,
  type FoldContext,
  fold,
  validateTransition,
} from '../../shared/dossier/fold';
import { DomainError } from '../../shared/i18n/domain-error';
import { AGENCY, accept, COUNTER, DOSSIER, ev, received, result, returned, transfer } from './dossier-helpers';

const ctx: FoldContext = { calendar: createCalendar() };
const codeOf = (e: DomainError | null) => e?.code ?? null;

/** The happy path of DESIGN.md §2: receive → transfer → process → return. */
function happyPath() {
  return [
    received('2023-10-27T09:32'),
    transfer('2023-10-27T10:00', COUNTER, AGENCY),
    accept('2023-10-27T14:00', AGENCY),
    ev('step-completed', '2023-10-30T09:00', { step: 'Thẩm định' }, { officeId: AGENCY }),
    result('2023-11-02T10:00', AGENCY),
    transfer('2023-11-02T11:00', AGENCY, COUNTER),
    returned('2023-11-03T08:00'),
    ev('satisfaction-recorded', '2023-11-03T08:05', { criteria: [2, 2, 2, 1, 2, 2, 2, 2, 0], rating: 4 }),
  ];
}

describe('fold: the lifecycle', () => {
  it('gives status, holder, due time and the form 06 rows', () => {
    const events = happyPath();
    const steps = events.map((_, i) => fold(events.slice(0, i + 1), ctx));
    expect(steps.map((s) => s.status)).toEqual([2, 4, 4, 4, 9, 9, 10, 10]);
    expect(steps.map((s) => s.holderOfficeId)).toEqual([
      COUNTER,
      AGENCY,
      AGENCY,
      AGENCY,
      AGENCY,
      COUNTER,
      COUNTER,
      COUNTER,
    ]);
    const s = steps[7];
    expect(s?.code).toBe('000.00.06.H56-231027-0361');
    expect(s?.receivedAt).toBe('2023-10-27T09:32:00+07:00');
    expect(s?.dueAt).toBe('2023-11-03T09:32:00+07:00');
    expect(s?.closed).toBe(true);
    expect(s?.result?.timeliness).toBe('early');
    expect(s?.satisfaction).toMatchObject({ points: 15, rating: 4 });
    expect(s?.handoffs).toEqual([
      expect.objectContaining({
        fromOfficeId: COUNTER,
        toOfficeId: AGENCY,
        givenAt: '2023-10-27T10:00:00+07:00',
        receivedAt: '2023-10-27T14:00:00+07:00',
        stepDueAt: '2023-10-27T17:00:00+07:00',
        timeliness: 'on-time',
      }),
      expect.objectContaining({
        fromOfficeId: AGENCY,
        toOfficeId: COUNTER,
        givenAt: '2023-11-02T11:00:00+07:00',
        receivedAt: '2023-11-03T08:00:00+07:00',
        stepDueAt: '2023-11-03T09:32:00+07:00',
        timeliness: 'early',
      }),
    ]);
    expect(s?.rejected).toEqual([]);
  });

  it('a paper dossier received after 15:00 may be handed on the next working day', () => {
    const s = fold([received('2023-10-27T15:30'), transfer('2023-10-30T08:00', COUNTER, AGENCY)], ctx);
    expect(s.handoffs[0]).toMatchObject({ stepDueAt: '2023-10-30T17:00:00+07:00', timeliness: 'on-time' });
    const late = fold([received('2023-10-27T10:00'), transfer('2023-10-30T08:00', COUNTER, AGENCY)], ctx);
    expect(late.handoffs[0]?.timeliness).toBe('late');
  });

  it('a step due given with a transfer is the receiving office’s step deadline', () => {
    const s = fold(
      [
        received('2023-10-27T09:32'),
        transfer('2023-10-27T10:00', COUNTER, AGENCY, '2023-10-31T17:00:00+07:00'),
        transfer('2023-11-01T09:00', AGENCY, 'office-dept'),
      ],
      ctx,
    );
    expect(s.handoffs[1]).toMatchObject({ stepDueAt: '2023-10-31T17:00:00+07:00', timeliness: 'late' });
  });

  it('refusal at intake closes the dossier with status 3', () => {
    const s = fold([ev('refused', '2023-10-27T09:00', { reason: 'Không thuộc thẩm quyền' })], ctx);
    expect(s.status).toBe(3);
    expect(s.refusal?.stage).toBe('intake');
    expect(allowedActions(s)).toEqual([]);
  });
});

describe('fold: pauses and extension', () => {
  it('a supplement request pauses the clock and moves the due time by the paused working time', () => {
    const events = [
      received('2023-10-23T08:00'),
      transfer('2023-10-23T09:00', COUNTER, AGENCY),
      ev(
        'supplement-requested',
        '2023-10-25T10:00',
        { items: ['Bản sao CCCD'], reason: 'Thiếu' },
        { officeId: AGENCY },
      ),
    ];
    const paused = fold(events, ctx);
    expect(paused.status).toBe(5);
    expect(paused.pausedSince).toBe('2023-10-25T10:00:00+07:00');
    expect(allowedActions(paused)).not.toContain('result-recorded');
    const resumed = fold([...events, ev('supplement-received', '2023-10-26T10:00', {}, { officeId: COUNTER })], ctx);
    expect(resumed.status).toBe(4);
    expect(resumed.dueAt).toBe('2023-10-31T08:00:00+07:00');
    expect(resumed.pausedWorkingMinutes).toBe(480);
    expect(resumed.pauses).toEqual([
      {
        kind: 'supplement',
        from: '2023-10-25T10:00:00+07:00',
        to: '2023-10-26T10:00:00+07:00',
        eventId: events[2]?.id,
      },
    ]);
  });

  it('financial obligation pauses the clock too', () => {
    const s = fold(
      [
        received('2023-10-23T08:00'),
        ev('financial-obligation-requested', '2023-10-24T08:00', { description: 'Lệ phí', amount: 50_000 }),
        ev('financial-obligation-paid', '2023-10-24T10:00', { amount: 50_000 }),
      ],
      ctx,
    );
    expect(s.dueAt).toBe('2023-10-30T10:00:00+07:00');
    expect(s.financial[0]?.paidAt).toBe('2023-10-24T10:00:00+07:00');
  });

  it('an extension issued ≥ 1 working day ahead is not a late notice; the new due replaces the old', () => {
    const s = fold(
      [
        received('2023-10-23T08:00'),
        ev('apology-issued', '2023-10-27T08:00', { reason: 'Cần xác minh', newDueAt: '2023-11-06T08:00:00+07:00' }),
      ],
      ctx,
    );
    expect(s.extension).toMatchObject({ previousDueAt: '2023-10-30T08:00:00+07:00', lateNotice: false });
    expect(s.dueAt).toBe('2023-11-06T08:00:00+07:00');
  });

  it('an extension issued less than 1 working day before the due time is accepted but flagged', () => {
    const s = fold(
      [
        received('2023-10-23T08:00'),
        ev('apology-issued', '2023-10-27T09:00', { reason: 'Cần xác minh', newDueAt: '2023-11-06T08:00:00+07:00' }),
      ],
      ctx,
    );
    expect(s.rejected).toEqual([]);
    expect(s.extension?.lateNotice).toBe(true);
    const afterDue = fold(
      [
        received('2023-10-23T08:00'),
        ev('apology-issued', '2023-10-31T09:00', { reason: 'Quá hạn', newDueAt: '2023-11-06T08:00:00+07:00' }),
      ],
      ctx,
    );
    expect(afterDue.extension?.lateNotice).toBe(true);
  });

  it('result after the due time is late; stop freezes the clock', () => {
    const late = fold([received('2023-10-23T08:00'), result('2023-10-31T08:00', COUNTER)], ctx);
    expect(late.result?.timeliness).toBe('late');
    const stopped = fold([received('2023-10-23T08:00'), ev('stopped', '2023-10-24T08:00', { reason: 'Dừng' })], ctx);
    expect(stopped.status).toBe(8);
    expect(stopped.pausedSince).toBe('2023-10-24T08:00:00+07:00');
    expect(deadlineAt(stopped, ctx, instantMs('2023-11-10T08:00')).remainingWorkingMinutes).toBe(4 * 480);
  });

  it('deadlineAt reports remaining working minutes and overdue', () => {
    const s = fold([received('2023-10-27T09:32')], ctx);
    expect(deadlineAt(s, ctx, instantMs('2023-11-03T08:32'))).toMatchObject({
      remainingWorkingMinutes: 60,
      overdue: false,
    });
    expect(deadlineAt(s, ctx, instantMs('2023-11-06T07:32'))).toMatchObject({
      remainingWorkingMinutes: -360,
      overdue: true,
    });
  });
});

describe('validateTransition: refusals by name', () => {
  const base = [received('2023-10-23T08:00'), transfer('2023-10-23T09:00', COUNTER, AGENCY)];
  const cases: Array<[string, ReturnType<typeof ev>[], ReturnType<typeof ev>, string | null]> = [
    ['result returned that was never recorded', base, returned('2023-10-24T08:00'), 'DOSSIER_RESULT_NOT_RECORDED'],
    [
      'a second extension',
      [
        ...base,
        ev(
          'apology-issued',
          '2023-10-24T08:00',
          { reason: 'a', newDueAt: '2023-11-06T08:00:00+07:00' },
          { officeId: AGENCY },
        ),
      ],
      ev(
        'apology-issued',
        '2023-10-25T08:00',
        { reason: 'b', newDueAt: '2023-11-10T08:00:00+07:00' },
        { officeId: AGENCY },
      ),
      'DOSSIER_SECOND_EXTENSION',
    ],
    [
      'a second supplement request during processing',
      [
        ...base,
        ev('supplement-requested', '2023-10-24T08:00', { items: ['x'], reason: 'a' }, { officeId: AGENCY }),
        ev('supplement-received', '2023-10-25T08:00', {}, { officeId: COUNTER }),
      ],
      ev('supplement-requested', '2023-10-26T08:00', { items: ['y'], reason: 'b' }, { officeId: AGENCY }),
      'DOSSIER_SECOND_SUPPLEMENT',
    ],
    [
      'any action after return',
      [
        ...base,
        result('2023-10-24T08:00', AGENCY),
        transfer('2023-10-24T09:00', AGENCY, COUNTER),
        returned('2023-10-24T10:00'),
      ],
      ev('step-completed', '2023-10-25T08:00', { step: 'x' }),
      'DOSSIER_CLOSED',
    ],
    [
      'any action after withdrawal',
      [...base, ev('withdrawn', '2023-10-24T08:00', { reason: 'Rút' }, { officeId: COUNTER })],
      ev('step-completed', '2023-10-25T08:00', { step: 'x' }, { officeId: AGENCY }),
      'DOSSIER_CLOSED',
    ],
    [
      'an extension not later than the current due time',
      base,
      ev(
        'apology-issued',
        '2023-10-24T08:00',
        { reason: 'a', newDueAt: '2023-10-30T08:00:00+07:00' },
        { officeId: AGENCY },
      ),
      'DOSSIER_EXTENSION_NOT_LATER',
    ],
    [
      'an action by an office that does not hold the dossier',
      base,
      result('2023-10-24T08:00', 'office-other'),
      'DOSSIER_NOT_HOLDER',
    ],
    ['an action before receipt', [], result('2023-10-24T08:00', COUNTER), 'DOSSIER_NOT_RECEIVED'],
    ['a second receipt', base, received('2023-10-24T08:00'), 'DOSSIER_ALREADY_RECEIVED'],
    [
      'a result while waiting for a supplement',
      [...base, ev('supplement-requested', '2023-10-24T08:00', { items: ['x'], reason: 'a' }, { officeId: AGENCY })],
      result('2023-10-25T08:00', AGENCY),
      'DOSSIER_PAUSED',
    ],
    [
      'supplement received without a request',
      base,
      ev('supplement-received', '2023-10-24T08:00', {}),
      'DOSSIER_NO_PENDING_SUPPLEMENT',
    ],
    [
      'payment without a request',
      base,
      ev('financial-obligation-paid', '2023-10-24T08:00', {}, { officeId: AGENCY }),
      'DOSSIER_NO_PENDING_OBLIGATION',
    ],
    [
      'accepting without a transfer',
      [received('2023-10-23T08:00')],
      accept('2023-10-24T08:00', COUNTER),
      'DOSSIER_NO_PENDING_TRANSFER',
    ],
    ['transfer to the holder itself', base, transfer('2023-10-24T08:00', AGENCY, AGENCY), 'DOSSIER_TRANSFER_TO_SELF'],
    [
      'satisfaction before return',
      base,
      ev('satisfaction-recorded', '2023-10-24T08:00', { criteria: [2, 2, 2, 2, 2, 2, 2, 2, 2], rating: 5 }),
      'DOSSIER_NOT_RETURNED',
    ],
    [
      'a second result',
      [...base, result('2023-10-24T08:00', AGENCY)],
      result('2023-10-25T08:00', AGENCY),
      'DOSSIER_RESULT_ALREADY_RECORDED',
    ],
    [
      'extension of a dossier without deadline',
      [received('2023-10-23T08:00', { unit: 'none' })],
      ev('apology-issued', '2023-10-24T08:00', { reason: 'a', newDueAt: '2023-11-06T08:00:00+07:00' }),
      'DOSSIER_NO_DEADLINE',
    ],
    ['a valid step', base, ev('step-completed', '2023-10-24T08:00', { step: 'Thẩm định' }, { officeId: AGENCY }), null],
    [
      'the receiving counter records a supplement received',
      [...base, ev('supplement-requested', '2023-10-24T08:00', { items: ['x'], reason: 'a' }, { officeId: AGENCY })],
      ev('supplement-received', '2023-10-25T08:00', {}, { officeId: COUNTER }),
      null,
    ],
  ];

  it.each(cases)('%s', (_, history, next, expected) => {
    expect(codeOf(validateTransition(history, next, ctx))).toBe(expected);
    const state = history.length > 0 ? fold(history, ctx) : emptyDossierState(DOSSIER);
    expect(codeOf(validateTransition(state, next, ctx))).toBe(expected);
    if (expected) {
      expect(() => applyEvent(state, next, ctx)).toThrow(DomainError);
      expect(fold([...history, next], ctx).rejected).toEqual([{ eventId: next.id, type: next.type, code: expected }]);
    }
  });

  it('refuses a malformed event, a duplicate and an out-of-order append', () => {
    const s = fold(base, ctx);
    const bad = { ...result('2023-10-24T08:00', AGENCY), payload: {} };
    expect(codeOf(validateTransition(s, bad, ctx))).toBe('DOSSIER_EVENT_INVALID');
    expect(codeOf(validateTransition(s, base[1], ctx))).toBe('DOSSIER_DUPLICATE_EVENT');
    expect(codeOf(validateTransition(base, base[1], ctx))).toBe('DOSSIER_DUPLICATE_EVENT');
    const old = ev('step-completed', '2023-10-23T08:30', { step: 'x' }, { officeId: COUNTER });
    expect(codeOf(validateTransition(s, old, ctx))).toBe('DOSSIER_OUT_OF_ORDER');
    // Against the full history it is checked at its place (the counter held the dossier then).
    expect(validateTransition(base, old, ctx)).toBeNull();
    const other = { ...result('2023-10-24T08:00', AGENCY), dossierId: 'dossier-2' };
    expect(codeOf(validateTransition(s, other, ctx))).toBe('DOSSIER_WRONG_DOSSIER');
  });

  it('applyEvent gives the same state as fold after every event (the fold derives the deadline once, at its end)', () => {
    const events = happyPath();
    let s = emptyDossierState(DOSSIER);
    events.forEach((e, i) => {
      s = applyEvent(s, e, ctx);
      expect(s).toEqual(fold(events.slice(0, i + 1), ctx));
    });
    expect(s.dueAt).not.toBeNull();
    expect(s.result?.timeliness).not.toBeNull();
  });

  it('refuses a satisfaction score outside 0–2 per criterion or not 9 criteria', () => {
    const e = ev('satisfaction-recorded', '2023-11-03T08:05', { criteria: [3, 2, 2, 2, 2, 2, 2, 2, 2], rating: 4 });
    expect(dossierEventSchema.safeParse(e).success).toBe(false);
    const short = ev('satisfaction-recorded', '2023-11-03T08:05', { criteria: [2, 2], rating: 4 });
    expect(dossierEventSchema.safeParse(short).success).toBe(false);
  });
});

describe('allowed actions', () => {
  it('follow the state', () => {
    const s = fold([received('2023-10-23T08:00')], ctx);
    expect(allowedActions(s)).toEqual(
      expect.arrayContaining(['transferred', 'supplement-requested', 'result-recorded', 'apology-issued', 'withdrawn']),
    );
    expect(allowedActions(s)).not.toContain('returned');
    expect(allowedActions(s)).not.toContain('received');
    const processed = fold([received('2023-10-23T08:00'), result('2023-10-24T08:00', COUNTER)], ctx);
    expect(allowedActions(processed)).toContain('returned');
    expect(allowedActions(processed)).not.toContain('apology-issued');
    expect(allowedActions(emptyDossierState('x'))).toEqual(['received', 'refused']);
  });
});

describe('receipt corrections', () => {
  it('keep the history and the current value; refuse stale and unknown fields', () => {
    const base = [received('2023-10-23T08:00')];
    const fix = ev('receipt-corrected', '2023-10-23T08:10', {
      field: 'applicant.phone',
      oldValue: '0912345678',
      newValue: '0987654321',
      reason: 'Nhập nhầm',
    });
    const s = fold([...base, fix], ctx);
    expect(s.applicant?.phone).toBe('0987654321');
    expect(s.correctedFields).toEqual({ 'applicant.phone': '0987654321' });
    expect(s.corrections).toEqual([
      expect.objectContaining({
        field: 'applicant.phone',
        oldValue: '0912345678',
        newValue: '0987654321',
        reason: 'Nhập nhầm',
      }),
    ]);
    const stale = ev('receipt-corrected', '2023-10-23T08:20', {
      field: 'applicant.phone',
      oldValue: '0912345678',
      newValue: '0900000000',
      reason: 'x',
    });
    expect(codeOf(validateTransition(s, stale, ctx))).toBe('DOSSIER_CORRECTION_STALE');
    const code = ev('receipt-corrected', '2023-10-23T08:20', {
      field: 'code',
      oldValue: 'a',
      newValue: 'b',
      reason: 'x',
    });
    expect(codeOf(validateTransition(s, code, ctx))).toBe('DOSSIER_CORRECTION_FIELD');
    const owner = ev('receipt-corrected', '2023-10-23T08:20', {
      field: 'owner.fullName',
      oldValue: '',
      newValue: 'Nguyễn Văn Bình',
      reason: 'Bổ sung chủ hồ sơ',
    });
    expect(fold([...base, owner], ctx).owner?.fullName).toBe('Nguyễn Văn Bình');
  });
});

describe('fold properties', () => {
  const histories = [
    happyPath(),
    [
      received('2023-10-23T08:00'),
      transfer('2023-10-23T09:00', COUNTER, AGENCY),
      ev('supplement-requested', '2023-10-24T08:00', { items: ['x'], reason: 'a' }, { officeId: AGENCY }),
      ev('supplement-received', '2023-10-25T08:00', {}, { officeId: COUNTER }),
      ev(
        'apology-issued',
        '2023-10-27T08:00',
        { reason: 'b', newDueAt: '2023-11-06T08:00:00+07:00' },
        { officeId: AGENCY },
      ),
      // Conflicting concurrent events: only the first in HLC order may apply.
      ev(
        'apology-issued',
        '2023-10-27T08:00',
        { reason: 'c', newDueAt: '2023-11-08T08:00:00+07:00' },
        { officeId: AGENCY, deviceId: 'desk-2' },
      ),
      ev('supplement-requested', '2023-10-30T08:00', { items: ['y'], reason: 'again' }, { officeId: AGENCY }),
      result('2023-11-01T08:00', AGENCY),
      returned('2023-11-02T08:00', AGENCY),
    ],
  ];

  it('gives the same state for any arrival order of the same events (with duplicates)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...histories),
        fc.func(fc.integer()),
        fc.array(fc.nat(), { maxLength: 3 }),
        (events, key, dupIdx) => {
          const expected = fold(events, ctx);
          const dups = dupIdx.map((i) => events[i % events.length]).filter((e) => e !== undefined);
          const shuffled = [...events, ...dups]
            .map((e, i) => ({ e, k: key(i) }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.e);
          expect(fold(shuffled, ctx)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps conflicting concurrent events out of the state and lists them', () => {
    const s = fold(histories[1] ?? [], ctx);
    expect(s.extension?.reason).toBe('b');
    expect(s.rejected.map((r) => r.code).sort()).toEqual(['DOSSIER_SECOND_EXTENSION', 'DOSSIER_SECOND_SUPPLEMENT']);
    expect(s.status).toBe(10);
  });
});
