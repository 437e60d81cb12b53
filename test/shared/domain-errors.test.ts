import { describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES, DomainError, domainMessage } from '../../shared/i18n/domain-error';
import en from '../../shared/i18n/en/domain.json';
import vi from '../../shared/i18n/vi/domain.json';

describe('domain error messages', () => {
  it('every code has a Vietnamese and an English message, and nothing else is there', () => {
    // `CCCD_FIELD_COUNT_one` and `CCCD_FIELD_COUNT_other` are the plural forms of the one message of a code.
    const codes = (messages: object) => [...new Set(Object.keys(messages).map((k) => k.replace(/_(one|other)$/, '')))];
    expect(codes(vi).sort()).toEqual([...DOMAIN_ERROR_CODES].sort());
    expect(codes(en).sort()).toEqual([...DOMAIN_ERROR_CODES].sort());
  });

  it('fills parameters in both languages', () => {
    expect(domainMessage('CCCD_FIELD_COUNT', 'vi', { count: 3 })).toBe(
      'Mã QR có 3 trường, cần ít nhất 7 trường ngăn cách bởi "|".',
    );
    expect(domainMessage('CCCD_FIELD_COUNT', 'en', { count: 3 })).toContain('3 fields');
    expect(domainMessage('CCCD_FIELD_COUNT', 'en', { count: 1 })).toContain('has 1 field;');
    expect(domainMessage('CCCD_FIELD_COUNT', 'vi', { count: 1 })).toBe(
      'Mã QR có 1 trường, cần ít nhất 7 trường ngăn cách bởi "|".',
    );
    const e = new DomainError('DOSSIER_CLOSED', { status: 10 });
    expect(e.toPayload('vi')).toEqual({
      code: 'DOSSIER_CLOSED',
      message: 'Hồ sơ đã kết thúc (trạng thái 10), không thể thực hiện thêm thao tác.',
      params: { status: 10 },
    });
    expect(JSON.parse(JSON.stringify(e.toPayload('en'))).message).toContain('closed');
  });
});
