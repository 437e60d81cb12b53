import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueFileSchema } from '../../../shared/catalogue/procedure';
import { assetsDir, openTestBackend } from '../../helpers/backend';

const sample = catalogueFileSchema.parse(
  JSON.parse(readFileSync(join(assetsDir, 'catalogue', 'procedures.sample.json'), 'utf8')),
);

describe('the sample catalogue file', () => {
  it('is marked as sample data and has at least 40 procedures at province and commune level', () => {
    expect(sample.note).toMatch(/mẫu|sample/i);
    expect(sample.procedures.length).toBeGreaterThanOrEqual(40);
    expect(new Set(sample.procedures.map((p) => p.level))).toEqual(new Set(['province', 'commune']));
  });
  it('is written in NFC Vietnamese', () => {
    for (const p of sample.procedures) expect(p.name).toBe(p.name.normalize('NFC'));
  });
});

describe('catalogue calls on a real database', () => {
  const backend = openTestBackend();
  const ctx = { language: 'vi' as const };
  afterAll(() => backend.dispose());

  beforeAll(async () => {
    const info = await backend.call('app.info', {}, ctx);
    expect(info).toMatchObject({ ok: true, value: { catalogueVersion: sample.version } });
  });

  const search = async (input: Record<string, unknown>) => {
    const result = await backend.call('catalogue.search', input, ctx);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as { total: number; items: { code: string; name: string; fieldCode: string; level: string }[] };
  };

  it('finds "Đăng ký kết hôn" without diacritics and in any case', async () => {
    for (const query of ['dang ky ket hon', 'ket hon', 'KET HON', 'Đăng ký kết hôn', 'đăng ky']) {
      const { items } = await search({ query });
      expect(
        items.map((p) => p.name),
        query,
      ).toContain('Đăng ký kết hôn');
    }
  });

  it('matches "d" against "đ" and "đ" against "d"', async () => {
    const withD = await search({ query: 'dang ky' });
    const withDStroke = await search({ query: 'đang ky' });
    expect(withD.total).toBeGreaterThan(0);
    expect(withDStroke.items.map((p) => p.code)).toEqual(withD.items.map((p) => p.code));
  });

  it('finds a procedure by its code or a code prefix', async () => {
    const first = sample.procedures[0];
    if (!first) throw new Error('empty sample');
    expect((await search({ query: first.code })).items.map((p) => p.code)).toEqual([first.code]);
    const prefix = await search({ query: first.code.slice(0, 4), limit: 200 });
    expect(prefix.items.every((p) => p.code.startsWith(first.code.slice(0, 4)))).toBe(true);
    expect(prefix.total).toBe(sample.procedures.filter((p) => p.code.startsWith(first.code.slice(0, 4))).length);
  });

  it('filters by field and by level, and counts every match', async () => {
    const field = sample.procedures[0]?.fieldCode ?? '';
    const byField = await search({ fieldCode: field, limit: 200 });
    expect(byField.total).toBe(sample.procedures.filter((p) => p.fieldCode === field).length);
    expect(byField.items.every((p) => p.fieldCode === field)).toBe(true);
    const commune = await search({ level: 'commune', limit: 200 });
    expect(commune.total).toBe(sample.procedures.filter((p) => p.level === 'commune').length);
    const all = await search({ limit: 10, offset: 0 });
    expect(all.total).toBe(sample.procedures.length);
    expect(all.items).toHaveLength(10);
  });

  it('treats FTS syntax in a query as plain words', async () => {
    for (const query of ['"', 'ket* OR hon', 'NEAR(a b)', '-', '((']) {
      await expect(search({ query })).resolves.toBeDefined();
    }
  });

  it('returns a procedure with its field name and components, or a translated not-found error', async () => {
    const result = await backend.call('catalogue.get', { code: '1.000894' }, ctx);
    const marriage = sample.procedures.find((p) => p.name === 'Đăng ký kết hôn');
    expect(result).toMatchObject({ ok: true, value: { name: 'Đăng ký kết hôn', components: marriage?.components } });
    const missing = await backend.call('catalogue.get', { code: '9.999999' }, ctx);
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'PROCEDURE_NOT_FOUND', message: 'Không có thủ tục mã 9.999999 trong danh mục.' },
    });
  });

  it('lists fields with their procedure counts', async () => {
    const result = await backend.call('catalogue.fields', {}, ctx);
    if (!result.ok) throw new Error(result.error.message);
    const fields = result.value as { code: string; count: number }[];
    expect(fields.reduce((n, f) => n + f.count, 0)).toBe(sample.procedures.length);
  });
});

describe('catalogue import', () => {
  const ctx = { language: 'vi' as const };

  it('replaces the catalogue with a valid file', async () => {
    const backend = openTestBackend();
    try {
      const file = {
        version: '2027-01',
        fields: [{ code: 'CT', name: 'Chứng thực' }],
        procedures: [
          {
            code: '2.000815',
            name: 'Chứng thực bản sao từ bản chính',
            fieldCode: 'CT',
            level: 'commune',
            agency: 'Ủy ban nhân dân cấp xã',
            duration: { unit: 'same-day', cutoff: '15:00' },
            fee: { amount: 2000 },
            components: [{ name: 'Bản chính giấy tờ', copies: { original: 1 } }],
            effectiveFrom: '2025-07-01',
          },
        ],
      };
      const result = await backend.call('catalogue.import', { content: JSON.stringify(file) }, ctx);
      expect(result).toEqual({ ok: true, value: { version: '2027-01', procedures: 1, fields: 1 } });
      const all = await backend.call('catalogue.search', { query: 'chung thuc' }, ctx);
      expect(all).toMatchObject({
        ok: true,
        value: { total: 1, items: [{ code: '2.000815', fieldName: 'Chứng thực' }] },
      });
    } finally {
      backend.dispose();
    }
  });

  it('refuses a bad file, names the wrong record, and changes nothing', async () => {
    const backend = openTestBackend();
    try {
      const good = sample.procedures[0];
      const bad = {
        ...sample,
        procedures: [good, { ...sample.procedures[1], code: '1.23', duration: { unit: 'working-days', value: -2 } }],
      };
      const result = await backend.call('catalogue.import', { content: JSON.stringify(bad) }, ctx);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('CATALOGUE_INVALID');
      expect(result.error.message).toBe('Tệp danh mục có 2 lỗi; danh mục hiện tại được giữ nguyên.');
      expect(result.error.issues?.map((i) => i.path)).toEqual([
        'procedures.1 (1.23).code',
        'procedures.1 (1.23).duration.value',
      ]);
      const after = await backend.call('catalogue.search', { limit: 1 }, ctx);
      expect(after).toMatchObject({ ok: true, value: { total: sample.procedures.length } });

      const notJson = await backend.call('catalogue.import', { content: '{"version": ' }, ctx);
      expect(notJson).toMatchObject({ ok: false, error: { code: 'CATALOGUE_NOT_JSON' } });

      const unknownField = { ...sample, fields: sample.fields.slice(1) };
      const missingField = await backend.call('catalogue.import', { content: JSON.stringify(unknownField) }, ctx);
      expect(missingField.ok).toBe(false);
      if (!missingField.ok) expect(missingField.error.issues?.[0]?.message).toMatch(/chưa được khai báo/);
    } finally {
      backend.dispose();
    }
  });
});
