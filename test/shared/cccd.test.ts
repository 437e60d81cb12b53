import { describe, expect, it } from 'vitest';
import { centuryDigit, parseCccdQr, tryParseCccdQr } from '../../shared/cccd/parse';
import { CCCD_PROVINCES } from '../../shared/cccd/provinces';

const today = '2025-06-01';
const qr = (fields: string[]) => fields.join('|');
const VALID = [
  '001099012345',
  '123456789',
  'Nguyễn Văn An',
  '15031999',
  'Nam',
  'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
  '20042021',
];

describe('CCCD QR parser', () => {
  it('parses the 7 fields', () => {
    expect(parseCccdQr(qr(VALID), { today })).toEqual({
      idNumber: '001099012345',
      oldIdNumber: '123456789',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1999-03-15',
      sex: 'male',
      sexText: 'Nam',
      address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
      issueDate: '2021-04-20',
      provinceCode: '001',
      provinceName: 'Hà Nội',
      extra: [],
    });
  });

  it('accepts an empty old-ID field, extra trailing fields, CR/LF and stray white space', () => {
    const text = `  079303001234||Trần  Thị   Bình |01012003|Nữ|TP Hồ Chí Minh|05062021|extra1|extra2\r\n`;
    const r = parseCccdQr(text, { today });
    expect(r).toMatchObject({
      idNumber: '079303001234',
      oldIdNumber: null,
      fullName: 'Trần Thị Bình',
      sex: 'female',
      provinceName: 'Hồ Chí Minh',
      extra: ['extra1', 'extra2'],
    });
  });

  it('normalises Vietnamese text to NFC (NFD input from some scanners)', () => {
    const nfd = qr([
      '001099012345',
      '',
      'Đặng Thị Hoa'.normalize('NFD'),
      '15031999',
      'Nữ'.normalize('NFD'),
      'Hà Nội'.normalize('NFD'),
      '20042021',
    ]);
    const r = tryParseCccdQr(nfd.replace('001099', '001199'), { today });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.fullName).toBe('Đặng Thị Hoa'.normalize('NFC'));
      expect(r.value.fullName).not.toBe('Đặng Thị Hoa'.normalize('NFD'));
      expect(r.value.sexText).toBe('Nữ');
    }
  });

  const withField = (i: number, v: string) => VALID.map((f, k) => (k === i ? v : f));
  it.each([
    ['empty input', '\r\n', 'CCCD_EMPTY'],
    ['too few fields', '001099012345|123456789|Nguyễn Văn An', 'CCCD_FIELD_COUNT'],
    ['11-digit id', qr(withField(0, '00109901234')), 'CCCD_ID_FORMAT'],
    ['letters in id', qr(withField(0, '00109901234A')), 'CCCD_ID_FORMAT'],
    ['unknown province 003', qr(withField(0, '003099012345')), 'CCCD_PROVINCE_UNKNOWN'],
    ['unknown province 097', qr(withField(0, '097099012345')), 'CCCD_PROVINCE_UNKNOWN'],
    ['bad old id', qr(withField(1, '12345')), 'CCCD_OLD_ID_FORMAT'],
    ['missing name', qr(withField(2, ' ')), 'CCCD_NAME_MISSING'],
    ['sex not Nam/Nữ', qr(withField(4, 'X')), 'CCCD_SEX_INVALID'],
    ['4th digit female for a man', qr(withField(0, '001199012345')), 'CCCD_SEX_MISMATCH'],
    ['4th digit 2000s for 1999', qr(withField(0, '001299012345')), 'CCCD_CENTURY_MISMATCH'],
    ['digits 5–6 not the birth year', qr(withField(0, '001098012345')), 'CCCD_BIRTH_YEAR_MISMATCH'],
    ['birth date 30/02', qr(withField(3, '30021999')), 'CCCD_BIRTH_DATE_INVALID'],
    ['birth date malformed', qr(withField(3, '1999-03-15')), 'CCCD_BIRTH_DATE_INVALID'],
    [
      'birth date in the future',
      qr(['001225012345', '', 'Bé Na', '02062025', 'Nam', 'Hà Nội', '02062025']),
      'CCCD_BIRTH_DATE_FUTURE',
    ],
    ['issue date invalid', qr(withField(6, '32012021')), 'CCCD_ISSUE_DATE_INVALID'],
    ['issue date in the future', qr(withField(6, '02062025')), 'CCCD_ISSUE_DATE_FUTURE'],
    ['issued before birth', qr(withField(6, '01011990')), 'CCCD_ISSUE_BEFORE_BIRTH'],
  ])('%s → %s', (_, text, code) => {
    const r = tryParseCccdQr(text, { today });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('encodes sex and century in the 4th digit', () => {
    expect([
      centuryDigit(1999, 'male'),
      centuryDigit(1999, 'female'),
      centuryDigit(2003, 'male'),
      centuryDigit(2003, 'female'),
      centuryDigit(2100, 'male'),
      centuryDigit(1899, 'female'),
    ]).toEqual([0, 1, 2, 3, 4, 9]);
    const girl2005 = parseCccdQr(qr(['038305001111', '', 'Lê Thị Cúc', '10102005', 'Nữ', 'Thanh Hóa', '10102021']), {
      today,
    });
    expect(girl2005.provinceName).toBe('Thanh Hóa');
  });

  it('carries the 63 pre-2025 province codes, 001 Hà Nội … 096 Cà Mau', () => {
    const codes = Object.keys(CCCD_PROVINCES);
    expect(codes).toHaveLength(63);
    expect(CCCD_PROVINCES['001']).toBe('Hà Nội');
    expect(CCCD_PROVINCES['096']).toBe('Cà Mau');
    expect(CCCD_PROVINCES['079']).toBe('Hồ Chí Minh');
    for (const c of codes) expect(c).toMatch(/^0\d\d$/);
  });
});
