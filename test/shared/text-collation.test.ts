import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareVietnamese,
  compareVietnameseNames,
  vietnameseNameCollator,
  vietnameseNameSortKey,
  vietnameseSortKey,
} from '../../shared/text/collation';
import { fold } from '../../shared/text/fold';

describe('folding for search', () => {
  it.each([
    ['Đặng Thị', 'dang thi'],
    ['NGUYỄN  VĂN   ÁNH', 'nguyen van anh'],
    ['Trường'.normalize('NFD'), 'truong'],
    ['Thừa Thiên Huế', 'thua thien hue'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });
  it('is the same for NFC and NFD input', () => {
    fc.assert(
      fc.property(fc.constantFrom('Đặng', 'Nguyễn', 'Hoà', 'Hòa', 'Quỳnh', 'Ưng', 'Ấu'), (w) => {
        expect(fold(w.normalize('NFD'))).toBe(fold(w.normalize('NFC')));
      }),
    );
  });
});

describe('Vietnamese collation', () => {
  it('orders letters as the Vietnamese alphabet and tones in dictionary order', () => {
    const words = [
      'Đức',
      'Dung',
      'Ân',
      'Ăn',
      'Anh',
      'an',
      'ạ',
      'á',
      'ã',
      'ả',
      'à',
      'a',
      'Ơn',
      'Ôn',
      'On',
      'Ưng',
      'Uyên',
      'Xuân',
    ];
    expect([...words].sort(compareVietnamese)).toEqual([
      'a',
      'à',
      'ả',
      'ã',
      'á',
      'ạ',
      'an',
      'Anh',
      'Ăn',
      'Ân',
      'Dung',
      'Đức',
      'On',
      'Ôn',
      'Ơn',
      'Uyên',
      'Ưng',
      'Xuân',
    ]);
  });

  it('sorts people by given name, then family and middle names', () => {
    const names = [
      'Nguyễn Bình',
      'Lê Thị Bình',
      'Trần Văn An',
      'Phạm Anh',
      'Đỗ Ánh',
      'Ngô Đức',
      'Vũ Dũng',
      'Bùi Thị Ánh',
    ];
    expect([...names].sort(vietnameseNameCollator.compare)).toEqual([
      'Trần Văn An',
      'Phạm Anh',
      'Bùi Thị Ánh',
      'Đỗ Ánh',
      'Lê Thị Bình',
      'Nguyễn Bình',
      'Vũ Dũng',
      'Ngô Đức',
    ]);
  });

  it('does not depend on NFC/NFD or extra spaces', () => {
    expect(compareVietnameseNames('Đặng  Thị Hoa', 'Đặng Thị Hoa'.normalize('NFD'))).toBe(0);
    expect(vietnameseSortKey('Hoà'.normalize('NFD'))).toBe(vietnameseSortKey('Hoà'));
  });

  it('is a total order consistent with its sort keys (property)', () => {
    const syllable = fc.constantFrom(
      'an',
      'Ánh',
      'bình',
      'Đức',
      'dũng',
      'hoa',
      'Hòa',
      'hoà',
      'ưng',
      'ƯNG',
      'yến',
      'thị',
      'văn',
    );
    const name = fc.array(syllable, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        const ab = compareVietnameseNames(a, b);
        const ba = compareVietnameseNames(b, a);
        expect(ab === 0 ? 0 : ab < 0 ? -1 : 1).toBe(ba === 0 ? 0 : ba < 0 ? 1 : -1);
        const ka = vietnameseNameSortKey(a);
        const kb = vietnameseNameSortKey(b);
        expect(ab).toBe(ka < kb ? -1 : ka > kb ? 1 : 0);
        if (ab <= 0 && compareVietnameseNames(b, c) <= 0) expect(compareVietnameseNames(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
