/**
 * The QR code on a chip citizen ID card (CCCD / thẻ căn cước), UTF-8 and `|`-separated:
 *   <12-digit id>|<old 9-digit CMND or empty>|<full name>|<DOB ddMMyyyy>|<Nam/Nữ>|<address>|<issue date ddMMyyyy>
 * Newer cards may add trailing fields (kept in `extra`). USB scanners type it as keystrokes ending in
 * Enter, so CR/LF and stray white space are tolerated; text is normalised to NFC.
 */
import { z } from 'zod';
import { isRealDate, type LocalDate, makeDate } from '../calendar/time';
import { DomainError, type DomainResult } from '../i18n/domain-error';
import { provinceName } from './provinces';

export interface CccdData {
  /** Số định danh cá nhân, 12 digits. */
  idNumber: string;
  /** Old 9-digit (or 12-digit) CMND number, null when the field is empty. */
  oldIdNumber: string | null;
  fullName: string;
  dateOfBirth: LocalDate;
  sex: 'male' | 'female';
  /** The sex as printed on the card: "Nam" or "Nữ". */
  sexText: 'Nam' | 'Nữ';
  address: string;
  issueDate: LocalDate;
  provinceCode: string;
  provinceName: string;
  /** Trailing fields of newer cards, as read. */
  extra: string[];
}

export const cccdDataSchema = z.object({
  idNumber: z.string().regex(/^\d{12}$/),
  oldIdNumber: z.string().nullable(),
  fullName: z.string().min(1),
  dateOfBirth: z.string(),
  sex: z.enum(['male', 'female']),
  sexText: z.enum(['Nam', 'Nữ']),
  address: z.string(),
  issueDate: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  extra: z.array(z.string()),
});

function clean(field: string): string {
  return field.replace(/\s+/g, ' ').trim();
}

function parseDdMmYyyy(text: string): LocalDate | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const y = Number(m[3]);
  return isRealDate(y, mo, d) ? makeDate(y, mo, d) : null;
}

function sexOf(text: string): 'male' | 'female' | null {
  const t = text.normalize('NFC').toLowerCase();
  if (t === 'nam' || t === 'male') return 'male';
  if (t === 'nữ' || t === 'nu' || t === 'female') return 'female';
  return null;
}

/**
 * The 4th digit encodes sex and century: 0/1 male/female born 1900–1999, 2/3 2000–2099, 4/5
 * 2100–2199, 6/7 2200–2299, 8/9 1800–1899.
 */
export function centuryDigit(year: number, sex: 'male' | 'female'): number {
  const century = Math.floor(year / 100);
  const base = century === 18 ? 8 : (century - 19) * 2;
  return base + (sex === 'female' ? 1 : 0);
}

/**
 * Parses and validates. `today` (local date, YYYY-MM-DD) is injected so the function stays pure;
 * dates after it are refused. Throws DomainError with a CCCD_* code.
 */
export function parseCccdQr(text: string, opts: { today: LocalDate }): CccdData {
  const normalised = text
    .normalize('NFC')
    .replace(/[\r\n]+/g, '')
    .trim();
  if (normalised === '') throw new DomainError('CCCD_EMPTY');
  const fields = normalised.split('|').map(clean);
  if (fields.length < 7) throw new DomainError('CCCD_FIELD_COUNT', { count: fields.length });
  const [idRaw = '', oldRaw = '', name = '', dobRaw = '', sexRaw = '', address = '', issueRaw = '', ...extra] = fields;

  const idNumber = idRaw.replace(/\s/g, '');
  if (!/^\d{12}$/.test(idNumber)) throw new DomainError('CCCD_ID_FORMAT', { value: idRaw });
  const provinceCode = idNumber.slice(0, 3);
  const province = provinceName(provinceCode);
  if (!province) throw new DomainError('CCCD_PROVINCE_UNKNOWN', { value: provinceCode });

  const oldId = oldRaw.replace(/\s/g, '');
  if (oldId !== '' && !/^(\d{9}|\d{12})$/.test(oldId)) throw new DomainError('CCCD_OLD_ID_FORMAT', { value: oldRaw });
  if (name === '') throw new DomainError('CCCD_NAME_MISSING');

  const dob = parseDdMmYyyy(dobRaw);
  if (!dob) throw new DomainError('CCCD_BIRTH_DATE_INVALID', { value: dobRaw });
  if (dob > opts.today) throw new DomainError('CCCD_BIRTH_DATE_FUTURE', { value: dob });

  const sex = sexOf(sexRaw);
  if (!sex) throw new DomainError('CCCD_SEX_INVALID', { value: sexRaw });

  const issueDate = parseDdMmYyyy(issueRaw);
  if (!issueDate) throw new DomainError('CCCD_ISSUE_DATE_INVALID', { value: issueRaw });
  if (issueDate > opts.today) throw new DomainError('CCCD_ISSUE_DATE_FUTURE', { value: issueDate });
  if (issueDate < dob) throw new DomainError('CCCD_ISSUE_BEFORE_BIRTH', { issueDate, birthDate: dob });

  const year = Number(dob.slice(0, 4));
  const digit = Number(idNumber[3]);
  const expected = centuryDigit(year, sex);
  if (digit !== expected) {
    // Same century, other sex → the sex is wrong; otherwise the century is.
    const otherSex = centuryDigit(year, sex === 'male' ? 'female' : 'male');
    if (digit === otherSex) throw new DomainError('CCCD_SEX_MISMATCH', { digit, sex: sexRaw });
    throw new DomainError('CCCD_CENTURY_MISMATCH', { digit, year });
  }
  const yy = idNumber.slice(4, 6);
  if (yy !== dob.slice(2, 4)) throw new DomainError('CCCD_BIRTH_YEAR_MISMATCH', { digits: yy, year });

  return {
    idNumber,
    oldIdNumber: oldId === '' ? null : oldId,
    fullName: name,
    dateOfBirth: dob,
    sex,
    sexText: sex === 'male' ? 'Nam' : 'Nữ',
    address,
    issueDate,
    provinceCode,
    provinceName: province,
    extra,
  };
}

/** Non-throwing variant. */
export function tryParseCccdQr(text: string, opts: { today: LocalDate }): DomainResult<CccdData> {
  try {
    return { ok: true, value: parseCccdQr(text, opts) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: e };
    throw e;
  }
}
