/**
 * Lays a form template out with its data into a PDF (pdf-lib, Tinos embedded as subsets): the official
 * look of a Vietnamese administrative document (Decree 30/2020/NĐ-CP): agency header top left, Quốc hiệu
 * and Tiêu ngữ top right, place and date in italics, centred bold title, numbered items, signature
 * blocks; A4 portrait, or landscape for the register.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PageSizes, PDFDocument } from 'pdf-lib';
import { instantMs } from '../../../shared/calendar/time';
import { AppError } from '../../../shared/contract/result';
import { type DossierState, emptyDossierState } from '../../../shared/dossier/fold';
import { drawCode128, drawQr } from './codes';
import { actDate, type FormContext, type FormData, fillForm, formContextSchema, type Vars } from './data';
import {
  type Align,
  cleanText,
  type FontStyle,
  type Fonts,
  Measure,
  MM,
  parseMarkup,
  type Run,
  Writer,
  wrap,
} from './layout';
import {
  type BlockOf,
  type FormKind,
  type FormTemplate,
  loadTemplates,
  type TemplateSet,
  templateInForce,
} from './template';

const FONT_FILES: Record<FontStyle, string> = {
  regular: 'Tinos-Regular.ttf',
  bold: 'Tinos-Bold.ttf',
  italic: 'Tinos-Italic.ttf',
  boldItalic: 'Tinos-BoldItalic.ttf',
};
const STYLES = Object.keys(FONT_FILES) as FontStyle[];

type FontkitFont = ReturnType<typeof fontkit.create>;

export interface FormRendererOptions {
  /** The assets folder: fonts in `fonts/`, templates in `forms/`. */
  assetsDir: string;
  /** More template folders read after `assets/forms` (e.g. an administrator's corrected versions). */
  templateDirs?: readonly string[];
}

export interface FormRenderer {
  /** Renders a form to PDF bytes. */
  render<K extends FormKind>(kind: K, data: FormData<K>, ctx: FormContext): Promise<Uint8Array>;
  /** The template version used for these data (the one in force on the date of the act). */
  templateFor<K extends FormKind>(kind: K, data: FormData<K>, ctx: FormContext): FormTemplate;
  /**
   * Does the one-time work (font parsing, barcode encoder, JIT) off the counter's critical path: call it
   * when the back end starts so the first receipt of the day prints as fast as the others.
   */
  warmUp(): Promise<void>;
}

/**
 * A renderer with its fonts and templates read once: fonts are parsed once (fontkit) and shared by
 * every document, which then embeds only the glyphs it uses.
 */
export function createFormRenderer(options: FormRendererOptions): FormRenderer {
  const fontBytes = Object.fromEntries(
    STYLES.map((s) => [s, new Uint8Array(readFileSync(join(options.assetsDir, 'fonts', FONT_FILES[s])))]),
  ) as Record<FontStyle, Uint8Array>;
  const parsed = new Map<Uint8Array, FontkitFont>();
  const cachedFontkit: typeof fontkit = {
    ...fontkit,
    create: (bytes: Uint8Array, name?: string) => {
      let font = parsed.get(bytes);
      if (!font) {
        font = fontkit.create(bytes, name);
        // fontkit caches glyph objects with the code points they were first created with, and the
        // subsetter creates the components of composite glyphs (e.g. "ơ" inside "ở") without any. A
        // font shared by several documents would then give later documents a ToUnicode map missing
        // those letters (the page looks right, but copied or extracted text loses them). Creating
        // every mapped glyph first, from its code point, keeps the text extractable.
        for (const codePoint of font.characterSet) font.glyphForCodePoint(codePoint);
        parsed.set(bytes, font);
      }
      return font;
    },
  };
  const templates: TemplateSet = loadTemplates([join(options.assetsDir, 'forms'), ...(options.templateDirs ?? [])]);
  let currentFonts: Fonts | null = null;
  const measure = new Measure(() => {
    if (!currentFonts) throw new Error('no fonts');
    return currentFonts;
  });

  const templateFor = <K extends FormKind>(kind: K, data: FormData<K>, ctx: FormContext) =>
    templateInForce(templates, kind, actDate(kind, data, ctx));

  const embedFonts = async (doc: PDFDocument): Promise<Fonts> => {
    doc.registerFontkit(cachedFontkit);
    const embedded = await Promise.all(STYLES.map((s) => doc.embedFont(fontBytes[s], { subset: true })));
    return Object.fromEntries(STYLES.map((s, i) => [s, embedded[i]])) as Fonts;
  };

  return {
    templateFor,
    async warmUp() {
      // A real receipt (every code path of the layout) with every Vietnamese letter in it (glyph data),
      // a few times so the JIT has compiled the hot paths before the first citizen's receipt.
      for (let i = 0; i < 3; i++) await this.render('01', { state: sampleState() }, SAMPLE_CONTEXT);
    },
    async render(kind, data, ctx) {
      const checked = formContextSchema.safeParse(ctx);
      if (!checked.success) {
        const detail = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new AppError('FORM_DATA_INVALID', { form: kind, detail });
      }
      const template = templateFor(kind, data, ctx);
      const filled = fillForm(kind, data, ctx, template);
      const doc = await PDFDocument.create();
      const fonts = await embedFonts(doc);
      currentFonts = fonts;
      const printed = new Date(instantMs(ctx.printedAt));
      doc.setTitle(cleanText(fill(filled.subject, filled.vars, template)));
      doc.setAuthor(cleanText(ctx.office.name));
      doc.setSubject(`${template.source.document} — Mẫu số ${template.form} (${template.effectiveFrom})`);
      doc.setCreator('Một Cửa');
      doc.setProducer('Một Cửa (pdf-lib)');
      doc.setCreationDate(printed);
      doc.setModificationDate(printed);
      layoutForm(doc, fonts, measure, template, filled);
      return doc.save();
    },
  };
}

/** Fills `{{variable}}` in one pass (a value is never read again as a template). Unknown names are an error. */
export function fill(text: string, vars: Vars, template: FormTemplate, rowVars?: Vars): string {
  return text.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g, (_, name: string) => {
    const get = name.startsWith('row.') ? rowVars?.[name.slice(4)] : vars[name];
    if (!get) {
      throw new AppError('FORM_TEMPLATE_INVALID', {
        file: `${template.form} (${template.effectiveFrom})`,
        detail: `unknown variable {{${name}}}`,
      });
    }
    return get();
  });
}

function layoutForm(
  doc: PDFDocument,
  fonts: Fonts,
  measure: Measure,
  template: FormTemplate,
  filled: ReturnType<typeof fillForm>,
): void {
  const [w, h] = PageSizes.A4;
  const landscape = template.page.orientation === 'landscape';
  const m = template.page.marginsMm;
  const writer = new Writer(doc, fonts, measure, {
    width: landscape ? h : w,
    height: landscape ? w : h,
    margins: { top: m.top * MM, right: m.right * MM, bottom: m.bottom * MM, left: m.left * MM },
  });
  template.copies.forEach((copy, index) => {
    if (index > 0) writer.newPage();
    writer.copyPages = [writer.page];
    const vars: Vars = { ...filled.vars, 'copy.label': () => copy.label };
    new FormLayout(writer, template, vars, filled.tables).run();
    numberPages(writer, template, vars);
  });
}

function numberPages(writer: Writer, template: FormTemplate, vars: Vars): void {
  const pages = writer.copyPages;
  if (!template.page.pageNumber || pages.length < 2) return;
  const current = writer.page;
  const size = template.page.fontSize - 1;
  pages.forEach((page, i) => {
    if (i === 0) return;
    const text = cleanText(
      fill(
        template.page.pageNumber,
        { ...vars, page: () => String(i + 1), pages: () => String(pages.length) },
        template,
      ),
    );
    writer.page = page;
    const width = writer.measure.width(text, 'regular', size);
    writer.text(text, 'regular', (writer.setup.width - width) / 2, writer.setup.margins.top / 2 + size, size);
  });
  writer.page = current;
}

class FormLayout {
  private item = 0;
  private readonly size: number;
  private readonly lineHeight: number;

  constructor(
    private readonly w: Writer,
    private readonly t: FormTemplate,
    private readonly vars: Vars,
    private readonly tables: ReturnType<typeof fillForm>['tables'],
  ) {
    this.size = t.page.fontSize;
    this.lineHeight = t.page.lineHeight;
  }

  run(): void {
    for (const block of this.t.blocks) {
      if ('when' in block && block.when && !this.value(block.when).trim()) continue;
      switch (block.kind) {
        case 'header':
          this.header(block);
          break;
        case 'title':
          this.title(block);
          break;
        case 'paragraph':
          this.paragraph(block);
          break;
        case 'table':
          this.table(block);
          break;
        case 'list':
          this.list(block);
          break;
        case 'codes':
          this.codes(block);
          break;
        case 'signatures':
          this.signatures(block);
          break;
        case 'spacer':
          this.w.y += block.mm * MM;
          break;
      }
    }
  }

  private value(name: string): string {
    const get = this.vars[name];
    if (!get) return fill(`{{${name}}}`, this.vars, this.t);
    return get();
  }

  /** Template text → styled runs with variables filled (markup first, so data never becomes markup). */
  private runs(text: string, base: FontStyle = 'regular', rowVars?: Vars): Run[] {
    return parseMarkup(text, base).map((r) => ({
      text: cleanText(fill(r.text, this.vars, this.t, rowVars)),
      style: r.style,
    }));
  }

  /** Wraps and draws lines centred in a column; returns the bottom. */
  private column(runs: Run[], x: number, top: number, width: number, size: number): { bottom: number; widest: number } {
    const lineH = size * this.lineHeight;
    const lines = wrap(runs, width, size, this.w.measure);
    lines.forEach((line, i) => {
      this.w.drawLine(line, x, top + i * lineH, width, size, lineH, 'center');
    });
    return { bottom: top + lines.length * lineH, widest: Math.max(0, ...lines.map((l) => l.width)) };
  }

  private header(b: BlockOf<'header'>): void {
    const w = this.w;
    const small = this.size - 1;
    const label = this.runs(b.formLabel, 'bold');
    const labelLines = wrap(label, w.contentWidth, small, w.measure);
    for (const line of labelLines) {
      w.drawLine(line, w.left, w.y, w.contentWidth, small, small * this.lineHeight, 'right');
      w.y += small * this.lineHeight;
    }
    w.y += 2;
    const top = w.y;
    const leftW = w.contentWidth * 0.42;
    const rightX = w.left + leftW;
    const rightW = w.contentWidth - leftW;
    const upper = (runs: Run[]) => runs.map((r) => ({ ...r, text: r.text.toLocaleUpperCase('vi') }));
    // Left: parent agency, agency (bold), a short rule.
    let y = top;
    const parent = this.runs(b.parentAgency);
    if (parent.some((r) => r.text.trim())) y = this.column(upper(parent), w.left, y, leftW, small).bottom;
    const agency = this.column(upper(this.runs(b.agency, 'bold')), w.left, y, leftW, small);
    y = agency.bottom + 3;
    const ruleW = Math.min(leftW * 0.4, agency.widest);
    w.rule(w.left + (leftW - ruleW) / 2, y, w.left + (leftW + ruleW) / 2, y);
    const leftBottom = y;
    // Right: Quốc hiệu, Tiêu ngữ with a rule as long as itself.
    const nation = this.column(this.runs(b.nation, 'bold'), rightX, top, rightW, small);
    const motto = this.column(this.runs(b.motto, 'bold'), rightX, nation.bottom, rightW, this.size);
    const mottoY = motto.bottom + 1;
    w.rule(rightX + (rightW - motto.widest) / 2, mottoY, rightX + (rightW + motto.widest) / 2, mottoY);
    // Then the number (left) and the place and date (right, italic) on one line.
    const lineY = Math.max(leftBottom, mottoY) + 6;
    let bottom = lineY;
    if (b.number) {
      bottom = Math.max(bottom, this.column(this.runs(b.number), w.left, lineY, leftW, this.size).bottom);
    }
    bottom = Math.max(bottom, this.column(this.runs(b.placeDate, 'italic'), rightX, lineY, rightW, this.size).bottom);
    w.y = bottom;
  }

  private title(b: BlockOf<'title'>): void {
    const w = this.w;
    w.y += 10;
    const size = this.size + 1;
    w.paragraph(this.runs(b.text.toLocaleUpperCase('vi'), 'bold'), {
      size,
      lineHeight: this.lineHeight,
      align: 'center',
    });
    for (const line of b.lines) {
      const runs = this.runs(line);
      if (!runs.some((r) => r.text.trim())) continue;
      w.paragraph(runs, { size: this.size, lineHeight: this.lineHeight, align: 'center' });
    }
    w.y += this.t.page.paragraphSpacing + 4;
  }

  private paragraph(b: BlockOf<'paragraph'>): void {
    this.w.y += b.spaceBefore;
    const prefix = b.numbered ? `${++this.item}. ` : '';
    const runs = this.runs(b.text);
    if (prefix) runs.unshift({ text: prefix, style: runs[0]?.style === 'bold' ? 'bold' : 'regular' });
    this.w.paragraph(runs, {
      size: b.size ?? this.size,
      lineHeight: this.lineHeight,
      align: b.align,
      margin: b.marginMm * MM,
      indent: b.indentMm * MM,
      after: this.t.page.paragraphSpacing,
    });
  }

  private table(b: BlockOf<'table'>): void {
    const rows = this.tables[b.source] ?? [];
    const size = b.size;
    this.w.y += b.spaceBefore;
    const widest = b.columns.reduce((best, c, i, all) => (c.width > (all[best]?.width ?? 0) ? i : best), 0);
    const cells: Run[][][] =
      rows.length > 0
        ? rows.map((row) => b.columns.map((c) => this.runs(c.value, 'regular', row)))
        : [b.columns.map((_, i) => (i === widest ? this.runs(b.empty, 'italic') : []))];
    this.w.table({
      widths: b.columns.map((c) => c.width),
      header: b.columns.map((c) => this.runs(c.header, 'bold')),
      rows: cells,
      aligns: b.columns.map((c) => c.align as Align),
      size,
      headerSize: b.headerSize ?? size,
      lineHeight: 1.15,
      maxCellLines: b.maxCellLines,
    });
    this.w.y += this.t.page.paragraphSpacing + 2;
  }

  private list(b: BlockOf<'list'>): void {
    for (const row of this.tables[b.source] ?? []) {
      this.w.paragraph(this.runs(b.item, 'regular', row), {
        size: this.size,
        lineHeight: this.lineHeight,
        align: 'justify',
        margin: b.marginMm * MM,
        after: this.t.page.paragraphSpacing,
      });
    }
  }

  private codes(b: BlockOf<'codes'>): void {
    const value = this.value('dossier.code');
    if (!value) return;
    const w = this.w;
    const barW = Math.min(b.barWidthMm * MM, w.contentWidth * 0.55);
    const barH = b.barHeightMm * MM;
    const qr = b.qrSizeMm * MM;
    const captionSize = this.size - 2;
    const captionH = captionSize * this.lineHeight;
    const height = Math.max(barH + captionH + 2, qr);
    w.ensure(height + 4);
    const top = w.y + 2;
    const barTop = top + (height - barH - captionH - 2) / 2;
    drawCode128(w, value, w.left, barTop, barW, barH);
    this.column(this.runs(b.caption), w.left, barTop + barH + 2, barW, captionSize);
    const qrX = w.left + w.contentWidth - qr;
    drawQr(w, value, qrX, top, qr);
    if (b.qrNote) {
      const noteX = w.left + barW + 12;
      const noteW = qrX - noteX - 12;
      if (noteW > 40) {
        const runs = this.runs(b.qrNote, 'italic');
        const lines = wrap(runs, noteW, captionSize, w.measure);
        const lineH = captionSize * this.lineHeight;
        const noteTop = top + (height - lines.length * lineH) / 2;
        lines.forEach((line, i) => {
          w.drawLine(line, noteX, noteTop + i * lineH, noteW, captionSize, lineH, 'right');
        });
      }
    }
    w.y = top + height + 6;
  }

  private signatures(b: BlockOf<'signatures'>): void {
    const w = this.w;
    const colW = w.contentWidth / b.columns.length;
    const lineH = this.size * this.lineHeight;
    const measureCol = (c: (typeof b.columns)[number]) => {
      const title = wrap(this.runs(c.title, 'bold'), colW - 8, this.size, w.measure).length;
      const note = c.note ? wrap(this.runs(c.note, 'italic'), colW - 8, this.size - 1, w.measure).length : 0;
      const name = c.name ? wrap(this.runs(c.name, 'bold'), colW - 8, this.size, w.measure).length : 0;
      return (title + name) * lineH + note * (this.size - 1) * this.lineHeight + b.signSpaceMm * MM;
    };
    const height = Math.max(...b.columns.map(measureCol));
    w.y += b.spaceBefore;
    w.ensure(height);
    const top = w.y;
    b.columns.forEach((c, i) => {
      const x = w.left + i * colW + 4;
      let y = this.column(this.runs(c.title, 'bold'), x, top, colW - 8, this.size).bottom;
      if (c.note) y = this.column(this.runs(c.note, 'italic'), x, y, colW - 8, this.size - 1).bottom;
      y += b.signSpaceMm * MM;
      if (c.name) this.column(this.runs(c.name, 'bold'), x, y, colW - 8, this.size);
    });
    w.y = top + height;
  }
}

const LETTERS = 'aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ';
const SAMPLE_CONTEXT: FormContext = {
  office: { name: 'Bộ phận Một cửa', parentName: 'Ủy ban nhân dân' },
  place: 'Hà Nội',
  printedAt: '2025-07-01T08:00:00+07:00',
};

function sampleState(): DossierState {
  const person = { fullName: `${LETTERS} ${LETTERS.toLocaleUpperCase('vi')} 0123456789` };
  return {
    ...emptyDossierState('warm-up'),
    status: 2,
    statusName: 'received',
    code: '000.00.00.H00-250701-0001',
    procedure: { code: '0.000000', name: LETTERS, duration: { unit: 'working-days', value: 5 } },
    duration: { unit: 'working-days', value: 5 },
    applicant: person,
    owner: { fullName: 'Chủ hồ sơ' },
    components: [{ name: LETTERS, copies: { original: 1, certified: 1, photocopy: 1 } }],
    receivingOfficeId: 'warm-up',
    receivedAt: '2025-07-01T08:00:00+07:00',
    dueAt: '2025-07-08T08:00:00+07:00',
  };
}
