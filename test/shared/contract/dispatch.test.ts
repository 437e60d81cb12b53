import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../shared/contract/api';
import { callNames } from '../../../shared/contract/calls';
import { dispatch } from '../../../shared/contract/dispatch';
import { AppError } from '../../../shared/contract/result';

const procedure = {
  code: '1.000894',
  name: 'Đăng ký kết hôn',
  fieldCode: 'HT',
  fieldName: 'Hộ tịch',
  level: 'commune' as const,
  agency: 'Ủy ban nhân dân cấp xã',
  duration: { unit: 'same-day' as const, cutoff: '15:00' },
  fee: { amount: 0, note: '' },
  result: '',
  legalBasis: [],
  components: [],
  effectiveFrom: '2025-07-01',
};

function handlers(overrides: Partial<Handlers<null>> = {}): Handlers<null> {
  const fail = () => {
    throw new Error('not used');
  };
  const unused = Object.fromEntries(callNames.map((name) => [name, fail])) as unknown as Handlers<null>;
  return {
    ...unused,
    'app.info': () => ({ name: 'x', version: '1', schemaVersion: 1, catalogueVersion: null }),
    'catalogue.search': (input) => ({ total: input.limit, items: [] }),
    'catalogue.get': () => procedure,
    ...overrides,
  };
}

describe('dispatch', () => {
  it('fills defaults and answers ok with the validated output', async () => {
    const result = await dispatch(handlers(), 'catalogue.search', {}, null);
    expect(result).toEqual({ ok: true, value: { total: 50, items: [] } });
  });

  it('refuses an unknown call by name', async () => {
    const result = await dispatch(handlers(), 'dossier.delete', {}, null);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL', params: { call: 'dossier.delete' } } });
  });

  it('refuses invalid input with issues in Vietnamese by default and English on request', async () => {
    const vi = await dispatch(handlers(), 'catalogue.get', { code: 'abc' }, null);
    expect(vi.ok).toBe(false);
    if (vi.ok) return;
    expect(vi.error.code).toBe('VALIDATION_FAILED');
    expect(vi.error.message).toBe('Dữ liệu nhập chưa hợp lệ.');
    expect(vi.error.issues).toEqual([{ path: 'code', message: 'Mã thủ tục phải có dạng 1.234567' }]);

    const en = await dispatch(handlers(), 'catalogue.search', { limit: 'many' }, null, { language: 'en' });
    expect(en.ok).toBe(false);
    if (en.ok) return;
    expect(en.error.message).toBe('Some of the input is not valid.');
    expect(en.error.issues?.[0]).toEqual({ path: 'limit', message: 'Invalid input: expected number, received string' });
  });

  it('translates an AppError raised by a handler with its params', async () => {
    const result = await dispatch(
      handlers({
        'catalogue.get': ({ code }) => {
          throw new AppError('PROCEDURE_NOT_FOUND', { code });
        },
      }),
      'catalogue.get',
      { code: '2.000488' },
      null,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'PROCEDURE_NOT_FOUND',
        message: 'Không có thủ tục mã 2.000488 trong danh mục.',
        params: { code: '2.000488' },
      },
    });
  });

  it('hides an unexpected error behind INTERNAL and reports it to the log', async () => {
    const logged: string[] = [];
    const result = await dispatch(
      handlers({
        'app.info': () => {
          throw new Error('disk on fire at /secret/path');
        },
      }),
      'app.info',
      {},
      null,
      { onInternalError: (call, error) => logged.push(`${call}: ${(error as Error).message}`) },
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(logged).toEqual(['app.info: disk on fire at /secret/path']);
  });

  it('refuses an output that breaks its own schema instead of sending it', async () => {
    const result = await dispatch(
      handlers({ 'catalogue.get': () => ({ ...procedure, code: 'bad' }) }),
      'catalogue.get',
      { code: '1.000894' },
      null,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
