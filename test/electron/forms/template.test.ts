import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORM_KINDS, loadTemplates, parseTemplate } from '../../../electron/backend/forms';
import { createFormRenderer } from '../../../electron/backend/forms/render';
import { AppError } from '../../../shared/contract/result';
import { translator } from '../../../shared/i18n';
import { ASSETS, ctx, receivedState } from './fixtures';
import { flatText } from './pdf';

const formsDir = join(ASSETS, 'forms');

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('form templates (assets/forms)', () => {
  it('hold one valid template per form 01–07, each with its effective date and legal source', () => {
    const files = readdirSync(formsDir).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.slice(0, 2)).sort()).toEqual([...FORM_KINDS]);
    for (const file of files) {
      const t = parseTemplate(readFileSync(join(formsDir, file), 'utf8'), file);
      expect(file.startsWith(`${t.form}-`)).toBe(true);
      expect(t.effectiveFrom).toBe('2025-07-01');
      expect(t.source.document).toBe('Thông tư 03/2025/TT-VPCP');
      expect(t.source.note).toMatch(/nguồn thứ cấp/);
      expect(t.blocks[0]?.kind).toBe('header');
      expect(t.page.orientation).toBe(t.form === '07' ? 'landscape' : 'portrait');
    }
    expect(loadTemplates([formsDir]).get('01')?.[0]?.copies).toHaveLength(2);
  });

  it('refuse a broken file with the file and field named, in both languages', () => {
    const notJson = errorOf(() => parseTemplate('{', 'x.json'));
    expect(notJson.code).toBe('FORM_TEMPLATE_INVALID');
    const bad = JSON.parse(readFileSync(join(formsDir, readdirSync(formsDir)[0] as string), 'utf8'));
    bad.blocks.push({ kind: 'paragraph' });
    const e = errorOf(() => parseTemplate(JSON.stringify(bad), '01-x.json'));
    expect(e.params).toMatchObject({ file: '01-x.json' });
    expect(String(e.params.detail)).toMatch(/blocks\.\d+\.text/);
    expect(translator('vi')(`errors.${e.code}`, e.params)).toContain('Mẫu biểu 01-x.json không hợp lệ');
    expect(translator('en')(`errors.${e.code}`, e.params)).toContain('Form template 01-x.json is invalid');
  });

  it('a corrected wording is an edit of data: a newer version applies to dossiers received from its date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-templates-'));
    const file = readdirSync(formsDir).find((f) => f.startsWith('01-')) as string;
    const next = JSON.parse(readFileSync(join(formsDir, file), 'utf8'));
    next.effectiveFrom = '2026-01-01';
    next.blocks.find((b: { kind: string }) => b.kind === 'title').text = 'Giấy biên nhận hồ sơ và hẹn trả kết quả';
    writeFileSync(join(dir, '01-2026.json'), JSON.stringify(next));
    const renderer = createFormRenderer({ assetsDir: ASSETS, templateDirs: [dir] });
    const old = receivedState();
    const recent = { ...old, receivedAt: '2026-01-05T09:00:00+07:00', dueAt: '2026-01-12T09:00:00+07:00' };
    expect(flatText(await renderer.render('01', { state: old }, ctx), 1)).toContain('GIẤY TIẾP NHẬN HỒ SƠ');
    const text = flatText(await renderer.render('01', { state: recent }, ctx), 1);
    expect(text).toContain('GIẤY BIÊN NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(renderer.templateFor('01', { state: recent }, ctx).effectiveFrom).toBe('2026-01-01');
  });

  it('an unknown variable in a template is an error, not a blank on the printed form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-templates-'));
    const file = readdirSync(formsDir).find((f) => f.startsWith('01-')) as string;
    const t = JSON.parse(readFileSync(join(formsDir, file), 'utf8'));
    t.blocks.push({ kind: 'paragraph', text: 'Số tiền: {{fee.amount}}' });
    writeFileSync(join(dir, file), JSON.stringify(t));
    const renderer = createFormRenderer({ assetsDir: ASSETS, templateDirs: [dir] });
    const error = await renderer.render('01', { state: receivedState() }, ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).params.detail).toBe('unknown variable {{fee.amount}}');
  });
});
