import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHlc, decodeHlc, encodeHlc, hlcInit, hlcReceive, hlcTick } from '../../shared/hlc/hlc';

describe('hybrid logical clock', () => {
  it('encodes to a fixed-width sortable string and decodes back', () => {
    const h = { ms: 1_698_373_920_000, counter: 37, node: '0190a1b2-desk' };
    expect(encodeHlc(h)).toBe('001698373920000-000011-0190a1b2-desk');
    expect(decodeHlc(encodeHlc(h))).toEqual(h);
    expect(() => decodeHlc('garbage')).toThrow(expect.objectContaining({ code: 'HLC_INVALID' }));
  });

  it('ticks monotonically even when the wall clock goes back', () => {
    let c = hlcInit('desk-a');
    const stamps: string[] = [];
    for (const now of [1000, 1000, 900, 1500, 1400, 1400]) {
      c = hlcTick(c, now);
      stamps.push(encodeHlc(c));
    }
    expect([...stamps].sort(compareHlc)).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(decodeHlc(stamps[2] ?? '')).toMatchObject({ ms: 1000, counter: 2 });
  });

  it('a received clock makes later local stamps greater than it', () => {
    const a = hlcTick(hlcInit('desk-a'), 5000);
    const b = hlcReceive(hlcInit('desk-b'), encodeHlc(a), 4000);
    const next = hlcTick(b, 4100);
    expect(compareHlc(encodeHlc(next), encodeHlc(a))).toBe(1);
  });

  it('refuses a remote clock far ahead (desktop clock off)', () => {
    const remote = encodeHlc({ ms: 10 * 60_000, counter: 0, node: 'x' });
    expect(() => hlcReceive(hlcInit('me'), remote, 0)).toThrow(expect.objectContaining({ code: 'HLC_CLOCK_DRIFT' }));
  });

  it('string order equals (ms, counter, node) order (property)', () => {
    const arb = fc.record({
      ms: fc.integer({ min: 0, max: 4_000_000_000_000 }),
      counter: fc.integer({ min: 0, max: 10_000 }),
      node: fc.constantFrom('a', 'b', 'desk-1'),
    });
    fc.assert(
      fc.property(arb, arb, (x, y) => {
        const expected =
          x.ms !== y.ms
            ? x.ms - y.ms
            : x.counter !== y.counter
              ? x.counter - y.counter
              : x.node < y.node
                ? -1
                : x.node > y.node
                  ? 1
                  : 0;
        expect(Math.sign(compareHlc(encodeHlc(x), encodeHlc(y)))).toBe(Math.sign(expected));
      }),
    );
  });
});
