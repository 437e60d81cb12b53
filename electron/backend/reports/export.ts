/**
 * Form II.06a as files: an Excel workbook laid out like the official template (title, period, unit,
 * merged headings for the received / resolved / pending groups, column numbers, one row per field, the
 * totals row) and a PDF of the same table (A4 landscape, Tinos embedded as a subset for Vietnamese).
 * Both say where the figures come from: the central server (province-wide, with its time) or this desktop.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PDFFont, PDFPage } from 'pdf-lib';
import type { Ii06aView } from '../../../shared/contract/reports';
import type { Translate } from '../../../shared/i18n';
import { II06A_COLUMNS, II06A_HEADER, II06A_HEADER_ROWS, II06A_NUMBERS } from '../../../shared/reports/layout';
import { formatLocalDate, formatLocalDateTime } from '../../../shared/reports/period';
import { loadExcel, loadFontkit, loadPdfLib } from '../libraries';

/**
 * Where the figures come from, as printed under the table: the central server's province-wide data
 * and when it computed them (and the changes of this desktop not on the server yet), or this
 * desktop's own data and why.
 */
export function sourceNote(view: Pick<Ii06aView, 'source'>, t: Translate): { note: string; detail: string } {
  const s = view.source;
  if (s.kind === 'server') {
    return {
      note: t('reports:source.server', { at: formatLocalDateTime(s.at) }),
      detail: s.pendingLocal > 0 ? t('reports:source.serverPending', { count: s.pendingLocal }) : '',
    };
  }
  return {
    note: t('reports:offlineNote'),
    detail: t(`reports:source.reason.${s.reason}`, { detail: s.detail ?? '' }),
  };
}

/** Texts above and below the table, in the reader's language. */
export function reportTexts(view: Ii06aView, t: Translate) {
  const period = t('reports:ii06a.period', { from: formatLocalDate(view.from), to: formatLocalDate(view.to) });
  const unit = t('reports:ii06a.unit', {
    name: view.office.name,
    agency: view.office.agencyId ? ` (${view.office.agencyId})` : '',
  });
  return {
    form: t('reports:ii06a.formNo'),
    title: t('reports:ii06a.title'),
    period,
    unit,
    measure: t('reports:ii06a.measure'),
    source: sourceNote(view, t).note,
    sourceDetail: sourceNote(view, t).detail,
    generated: t('reports:ii06a.generatedAt', { at: view.generatedAt.slice(0, 16).replace('T', ' ') }),
    total: t('reports:ii06a.totalRow'),
  };
}

export function ii06aFileName(view: Ii06aView, ext: 'xlsx' | 'pdf'): string {
  const safe = (view.office.agencyId ?? view.office.id).replace(/[^0-9A-Za-z.]/g, '_');
  return `BaoCao_II.06a_${safe}_${view.from}_${view.to}.${ext}`;
}

const dataRows = (view: Ii06aView) =>
  view.rows.map((r, i) => [String(i + 1), r.fieldName, ...II06A_COLUMNS.map((k) => r[k])] as (string | number)[]);

export async function ii06aWorkbook(view: Ii06aView, t: Translate): Promise<Buffer> {
  const text = reportTexts(view, t);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một Cửa';
  wb.created = new Date(view.generatedAt);
  const ws = wb.addWorksheet('II.06a', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const lastCol = 2 + II06A_COLUMNS.length;
  ws.columns = [{ width: 6 }, { width: 34 }, ...II06A_COLUMNS.map(() => ({ width: 11 }))];
  const font = { name: 'Times New Roman', size: 12 };
  const line = (
    row: number,
    value: string,
    opts: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' | 'right' } = {},
  ) => {
    ws.mergeCells(row, 1, row, lastCol);
    const cell = ws.getCell(row, 1);
    cell.value = value;
    cell.font = { ...font, bold: opts.bold, italic: opts.italic, size: opts.size ?? 12 };
    cell.alignment = { horizontal: opts.align ?? 'center', vertical: 'middle', wrapText: true };
  };
  line(1, text.form, { bold: true, align: 'right' });
  line(2, text.title, { bold: true, size: 14 });
  ws.getRow(2).height = 36;
  line(3, text.period, { italic: true });
  line(4, text.unit);
  line(5, text.measure, { italic: true, align: 'right' });
  const head = 7;
  const border = { style: 'thin' as const };
  const boxed = { top: border, left: border, bottom: border, right: border };
  for (const h of II06A_HEADER) {
    const top = head + h.row;
    const left = 1 + h.col;
    if (h.rowSpan > 1 || h.colSpan > 1) ws.mergeCells(top, left, top + h.rowSpan - 1, left + h.colSpan - 1);
    const cell = ws.getCell(top, left);
    cell.value = t(`reports:ii06a.head.${h.label}`);
  }
  for (let r = head; r < head + II06A_HEADER_ROWS + 1; r++) {
    for (let c = 1; c <= lastCol; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { ...font, bold: r < head + II06A_HEADER_ROWS, italic: r === head + II06A_HEADER_ROWS, size: 11 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = boxed;
      cell.fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: r < head + II06A_HEADER_ROWS ? 'FFF2F2F2' : 'FFFFFFFF' },
      };
    }
  }
  ws.getRow(head + 2).height = 64;
  II06A_NUMBERS.forEach((n, i) => {
    ws.getCell(head + II06A_HEADER_ROWS, i + 1).value = n;
  });
  let r = head + II06A_HEADER_ROWS + 1;
  const put = (values: (string | number)[], bold: boolean) => {
    values.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = v;
      cell.font = { ...font, bold };
      cell.border = boxed;
      cell.alignment = { horizontal: i === 1 ? 'left' : 'center', vertical: 'middle', wrapText: i === 1 };
    });
    r++;
  };
  for (const row of dataRows(view)) put(row, false);
  put(['', text.total, ...II06A_COLUMNS.map((k) => view.totals[k])], true);
  r++;
  line(r++, text.source, { italic: true, align: 'left' });
  if (text.sourceDetail) line(r++, text.sourceDetail, { italic: true, align: 'left' });
  line(r++, text.generated, { italic: true, align: 'left' });
  line(r, t('reports:ii06a.endedNote'), { italic: true, align: 'left' });
  ws.getRow(r).height = 32;
  ws.views = [{ state: 'frozen', ySplit: head + II06A_HEADER_ROWS }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !current) current = next;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function centred(
  page: PDFPage,
  lines: string[],
  font: PDFFont,
  size: number,
  x: number,
  yTop: number,
  w: number,
  h: number,
) {
  const lh = size * 1.2;
  let y = yTop - (h - lines.length * lh) / 2 - size;
  for (const l of lines) {
    page.drawText(l, { x: x + (w - font.widthOfTextAtSize(l, size)) / 2, y, size, font });
    y -= lh;
  }
}

/** Running positions: start, start ± sizes[0], … */
function steps(start: number, sizes: readonly number[], sign: 1 | -1): number[] {
  const out = [start];
  for (const size of sizes) out.push((out.at(-1) ?? start) + sign * size);
  return out;
}

export async function ii06aPdf(view: Ii06aView, t: Translate, assetsDir: string): Promise<Uint8Array> {
  const text = reportTexts(view, t);
  const [{ PDFDocument, rgb }, fontkit] = await Promise.all([loadPdfLib(), loadFontkit()]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`${text.form} — ${text.title}`);
  doc.setCreator('Một Cửa');
  const load = (f: string) => readFileSync(join(assetsDir, 'fonts', f));
  const regular = await doc.embedFont(load('Tinos-Regular.ttf'), { subset: true });
  const bold = await doc.embedFont(load('Tinos-Bold.ttf'), { subset: true });
  const italic = await doc.embedFont(load('Tinos-Italic.ttf'), { subset: true });
  const [W, H] = [841.89, 595.28];
  const margin = 28;
  const widths = [26, 150, ...II06A_COLUMNS.map(() => (W - 2 * margin - 176) / II06A_COLUMNS.length)];
  const xs = steps(margin, widths, 1);
  const headHeights = [22, 22, 58, 14];
  const rowH = 18;
  let page = doc.addPage([W, H]);
  let y = H - margin;
  const textLine = (s: string, font: PDFFont, size: number, align: 'left' | 'center' | 'right') => {
    for (const l of wrap(s, font, size, W - 2 * margin)) {
      const w = font.widthOfTextAtSize(l, size);
      const x = align === 'left' ? margin : align === 'right' ? W - margin - w : (W - w) / 2;
      page.drawText(l, { x, y: y - size, size, font });
      y -= size * 1.3;
    }
  };
  textLine(text.form, bold, 10, 'right');
  textLine(text.title, bold, 13, 'center');
  textLine(text.period, italic, 11, 'center');
  textLine(text.unit, regular, 11, 'center');
  textLine(text.measure, italic, 10, 'right');
  y -= 4;
  const box = (x: number, top: number, w: number, h: number) =>
    page.drawRectangle({ x, y: top - h, width: w, height: h, borderWidth: 0.6, borderColor: rgb(0, 0, 0) });
  const drawHeader = () => {
    const rowTops = steps(y, headHeights, -1);
    for (const h of II06A_HEADER) {
      const x = xs[h.col] ?? margin;
      const w = widths.slice(h.col, h.col + h.colSpan).reduce((a, b) => a + b, 0);
      const top = rowTops[h.row] ?? y;
      const hh = headHeights.slice(h.row, h.row + h.rowSpan).reduce((a, b) => a + b, 0);
      box(x, top, w, hh);
      const label = t(`reports:ii06a.head.${h.label}`);
      centred(page, wrap(label, bold, 8, w - 4), bold, 8, x, top, w, hh);
    }
    const numTop = rowTops[3] ?? y;
    II06A_NUMBERS.forEach((n, i) => {
      box(xs[i] ?? margin, numTop, widths[i] ?? 0, 14);
      centred(page, [n], italic, 8, xs[i] ?? margin, numTop, widths[i] ?? 0, 14);
    });
    y = numTop - 14;
  };
  drawHeader();
  const drawRow = (values: (string | number)[], font: PDFFont) => {
    const nameLines = wrap(String(values[1] ?? ''), font, 9, (widths[1] ?? 0) - 6);
    const h = Math.max(rowH, nameLines.length * 11 + 6);
    if (y - h < margin + 40) {
      page = doc.addPage([W, H]);
      y = H - margin;
      drawHeader();
    }
    values.forEach((v, i) => {
      const x = xs[i] ?? margin;
      const w = widths[i] ?? 0;
      box(x, y, w, h);
      if (i === 1) {
        nameLines.forEach((l, j) => {
          page.drawText(l, { x: x + 3, y: y - 12 - j * 11, size: 9, font });
        });
      } else centred(page, [String(v)], font, 9, x, y, w, h);
    });
    y -= h;
  };
  for (const row of dataRows(view)) drawRow(row, regular);
  drawRow(['', text.total, ...II06A_COLUMNS.map((k) => view.totals[k])], bold);
  y -= 8;
  textLine(text.source, italic, 10, 'left');
  if (text.sourceDetail) textLine(text.sourceDetail, italic, 9, 'left');
  textLine(text.generated, italic, 9, 'left');
  textLine(t('reports:ii06a.endedNote'), italic, 9, 'left');
  return doc.save();
}
