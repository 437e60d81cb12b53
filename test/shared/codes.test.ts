import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/calendar/time';
import { isAgencyId, parseAgencyId } from '../../shared/codes/agency';
import { formatDossierCode, isDossierCode, parseDossierCode } from '../../shared/codes/dossier-code';
import {
  addBlocks,
  createDesktopNumbering,
  type DesktopNumberingState,
  datesToRefill,
  emptyServerNumbering,
  FALLBACK_RANGE_START,
  fallbackNumbersLeft,
  nextDossierCode,
  nextDossierNumber,
  pruneBefore,
  reserveBlock,
  SERVER_RANGE_END,
  type ServerNumberingState,
} from '../../shared/codes/numbering';
import { DomainError } from '../../shared/i18n/domain-error';

const AGENCY = '000.00.06.H56';

describe('agency identifier (QCVN 102:2016)', () => {
  it.each(['000.00.06.H56', '000.00.00.G01', '123.45.67.A99'])('accepts %s', (id) => {
    expect(isAgencyId(id)).toBe(true);
  });
  it.each(['000.00.06.h56', '00.00.06.H56', '000.00.06.HH6', '000.00.06.H5', '000-00-06-H56', '000.00.06.H567', ''])(
    'refuses %s',
    (id) => {
      expect(isAgencyId(id)).toBe(false);
    },
  );
  it('normalises case and spaces when parsing, with a named error otherwise', () => {
    expect(parseAgencyId(' 000.00.06.h56 ')).toBe('000.00.06.H56');
    expect(() => parseAgencyId('H56')).toThrow(expect.objectContaining({ code: 'AGENCY_ID_INVALID' }));
  });
});

describe('dossier code', () => {
  it('formats and parses the DESIGN example', () => {
    expect(formatDossierCode({ agencyId: AGENCY, date: '2023-10-27', number: 361 })).toBe('000.00.06.H56-231027-0361');
    expect(parseDossierCode('000.00.06.H56-231027-0361')).toEqual({
      agencyId: AGENCY,
      date: '2023-10-27',
      number: 361,
    });
  });
  it.each([
    '000.00.06.H56-231027-361',
    '000.00.06.H56-230230-0001',
    '000.00.06.H56-231027-0000',
    '000.00.06-231027-0001',
    '000.00.06.H56231027-0001',
  ])('refuses %s', (code) => {
    expect(isDossierCode(code)).toBe(false);
    expect(() => parseDossierCode(code)).toThrow(expect.objectContaining({ code: 'DOSSIER_CODE_INVALID' }));
  });
  it('refuses numbers outside 1–9999', () => {
    expect(() => formatDossierCode({ agencyId: AGENCY, date: '2023-10-27', number: 10000 })).toThrow(
      expect.objectContaining({ code: 'DOSSIER_NUMBER_RANGE' }),
    );
  });
  it('round-trips (property)', () => {
    const agency = fc
      .tuple(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(...'ABGHKX'),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(
        ([a, b, c, l, d]) =>
          `${String(a).padStart(3, '0')}.${String(b).padStart(2, '0')}.${String(c).padStart(2, '0')}.${l}${String(d).padStart(2, '0')}`,
      );
    const date = fc.integer({ min: 0, max: 36_000 }).map((n) => addDays('2000-01-01', n));
    fc.assert(
      fc.property(agency, date, fc.integer({ min: 1, max: 9999 }), (agencyId, d, number) => {
        const code = formatDossierCode({ agencyId, date: d, number });
        expect(code).toHaveLength(13 + 1 + 6 + 1 + 4);
        expect(parseDossierCode(code)).toEqual({ agencyId, date: d, number });
      }),
    );
  });
});

describe('offline-unique numbering', () => {
  it('server blocks are disjoint and stop at the end of the server range', () => {
    let server = emptyServerNumbering();
    const a = reserveBlock(server, { agencyId: AGENCY, date: '2023-10-27', size: 50 });
    server = a.state;
    const b = reserveBlock(server, { agencyId: AGENCY, date: '2023-10-27', size: 50 });
    expect([a.block.from, a.block.to, b.block.from, b.block.to]).toEqual([1, 50, 51, 100]);
    // Another day and another agency start again at 1.
    expect(reserveBlock(b.state, { agencyId: AGENCY, date: '2023-10-28' }).block.from).toBe(1);
    expect(reserveBlock(b.state, { agencyId: '000.00.07.H56', date: '2023-10-27' }).block.from).toBe(1);
    const nearEnd: ServerNumberingState = { next: { [`${AGENCY}|2023-10-27`]: SERVER_RANGE_END - 9 } };
    const last = reserveBlock(nearEnd, { agencyId: AGENCY, date: '2023-10-27', size: 50 });
    expect(last.block).toMatchObject({ from: SERVER_RANGE_END - 9, to: SERVER_RANGE_END });
    expect(() => reserveBlock(last.state, { agencyId: AGENCY, date: '2023-10-27' })).toThrow(
      expect.objectContaining({ code: 'NUMBERING_SERVER_RANGE_FULL' }),
    );
  });

  it('falls back to the desktop slot when the block runs out, and stops at 9999', () => {
    let d = createDesktopNumbering(AGENCY, 3, 40);
    d = addBlocks(d, [{ agencyId: AGENCY, date: '2023-10-27', from: 101, to: 102 }]);
    const numbers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const draw = nextDossierNumber(d, '2023-10-27');
      d = draw.state;
      numbers.push(draw.number);
    }
    expect(numbers).toEqual([101, 102, FALLBACK_RANGE_START + 3, FALLBACK_RANGE_START + 43]);
    expect(fallbackNumbersLeft(d, '2023-10-27')).toBe(98);
    for (let i = 0; i < 98; i++) d = nextDossierNumber(d, '2023-10-27').state;
    expect(() => nextDossierNumber(d, '2023-10-27')).toThrow(expect.objectContaining({ code: 'NUMBERING_EXHAUSTED' }));
    // Fallback counters survive pruning (a clock set back must not reuse numbers).
    expect(pruneBefore(d, '2023-11-01').fallbackUsed['2023-10-27']).toBe(100);
  });

  it('refuses an invalid slot', () => {
    expect(() => createDesktopNumbering(AGENCY, 40, 40)).toThrow(DomainError);
    expect(() => createDesktopNumbering(AGENCY, -1, 40)).toThrow(
      expect.objectContaining({ code: 'NUMBERING_SLOT_INVALID' }),
    );
  });

  it('asks for refills of the days whose blocks run low', () => {
    const d = addBlocks(createDesktopNumbering(AGENCY, 0), [
      { agencyId: AGENCY, date: '2023-10-27', from: 1, to: 50 },
      { agencyId: AGENCY, date: '2023-10-28', from: 1, to: 5 },
    ]);
    expect(datesToRefill(d, ['2023-10-27', '2023-10-28', '2023-10-29'])).toEqual(['2023-10-28', '2023-10-29']);
  });

  /**
   * Four desktops of one agency: online on day 1 they reserve blocks for days 1–3, then all go offline
   * for five days and receive many dossiers each (more than their blocks hold), while the server's own
   * online intake keeps taking numbers. No code may repeat.
   */
  it('several desktops offline the same day and across days never produce the same code', () => {
    const days = ['2023-10-27', '2023-10-28', '2023-10-29', '2023-10-30', '2023-10-31'];
    let server = emptyServerNumbering();
    const desks: DesktopNumberingState[] = [];
    for (let slot = 0; slot < 4; slot++) {
      let d = createDesktopNumbering(AGENCY, slot, 40);
      for (const date of days.slice(0, 3)) {
        const r = reserveBlock(server, { agencyId: AGENCY, date, size: 20 });
        server = r.state;
        d = addBlocks(d, [r.block]);
      }
      desks.push(d);
    }
    const codes: string[] = [];
    const perDesk = [35, 60, 10, 80];
    for (const date of days) {
      for (let i = 0; i < Math.max(...perDesk); i++) {
        for (let k = 0; k < desks.length; k++) {
          if (i >= (perDesk[k] ?? 0)) continue;
          const r = nextDossierCode(desks[k] as DesktopNumberingState, date);
          desks[k] = r.state;
          codes.push(r.code);
        }
        // The web/server intake takes single numbers from the server range meanwhile.
        if (i % 10 === 0) {
          const r = reserveBlock(server, { agencyId: AGENCY, date, size: 1 });
          server = r.state;
          codes.push(formatDossierCode({ agencyId: AGENCY, date, number: r.block.from }));
        }
      }
    }
    expect(codes.length).toBe(days.length * (35 + 60 + 10 + 80 + 8));
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(isDossierCode(c)).toBe(true);
  });

  it('any interleaving of desktops and server draws is duplicate-free (property)', () => {
    const op = fc.record({
      who: fc.integer({ min: -1, max: 5 }),
      day: fc.integer({ min: 0, max: 2 }),
      refill: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 400 }), fc.integer({ min: 6, max: 50 }), (ops, slotCount) => {
        let server = emptyServerNumbering();
        const desks = Array.from({ length: 6 }, (_, s) => createDesktopNumbering(AGENCY, s, slotCount));
        const seen = new Set<string>();
        for (const o of ops) {
          const date = addDays('2023-10-27', o.day);
          let code: string;
          if (o.who < 0) {
            const r = reserveBlock(server, { agencyId: AGENCY, date, size: 1 });
            server = r.state;
            code = formatDossierCode({ agencyId: AGENCY, date, number: r.block.from });
          } else {
            let d = desks[o.who] as DesktopNumberingState;
            if (o.refill) {
              const r = reserveBlock(server, { agencyId: AGENCY, date, size: 3 });
              server = r.state;
              d = addBlocks(d, [r.block]);
            }
            const r = nextDossierCode(d, date);
            desks[o.who] = r.state;
            code = r.code;
          }
          expect(seen.has(code)).toBe(false);
          seen.add(code);
        }
      }),
      { numRuns: 200 },
    );
  });
});
