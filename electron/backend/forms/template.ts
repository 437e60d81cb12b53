/**
 * Form templates as data (DESIGN.md §2): `assets/forms/0N-<name>.json` hold the form number, title, the
 * static texts, the order of blocks, the signature labels, the effective date and the legal source. The
 * official wording changes by editing the JSON; several versions of a form may sit side by side, each
 * with its `effectiveFrom`, and the renderer takes the one in force on the date of the act.
 *
 * Text fields may contain `{{variable}}` (filled from the dossier and the office; the variables of each
 * form are listed in forms/data.ts) and `**bold**` / `*italic*` markup. Markup is parsed before the
 * variables are filled, so a value typed by a citizen can never become markup or another variable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../../../shared/calendar/time';
import { AppError } from '../../../shared/contract/result';

export const FORM_KINDS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const formKindSchema = z.enum(FORM_KINDS);

const text = z.string().max(4000);
/** A variable name as used in `when` (the block is left out when the variable is empty). */
const variableName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/);
const align = z.enum(['left', 'center', 'right', 'justify']);

const paragraphBlock = z.object({
  kind: z.literal('paragraph'),
  text,
  align: align.default('justify'),
  /** Prefix "N. " from the form's running item number. */
  numbered: z.boolean().default(false),
  /** First-line indent, mm. */
  indentMm: z.number().min(0).max(50).default(0),
  /** Left indent of every line, mm. */
  marginMm: z.number().min(0).max(80).default(0),
  size: z.number().min(6).max(20).optional(),
  /** Space before, in points. */
  spaceBefore: z.number().min(0).max(100).default(0),
  when: variableName.optional(),
});

const headerBlock = z.object({
  kind: z.literal('header'),
  /** "Mẫu số 01", top right. */
  formLabel: text,
  /** Left column: the parent agency (regular), the issuing agency (bold), a short rule, then e.g. "Số: …". */
  parentAgency: text,
  agency: text,
  number: text.optional(),
  /** Right column: Quốc hiệu (bold) and Tiêu ngữ (bold, ruled beneath), then place and date (italic). */
  nation: text,
  motto: text,
  placeDate: text,
});

const titleBlock = z.object({
  kind: z.literal('title'),
  text,
  /** Lines under the title (centred), e.g. the dossier code or the copy label. */
  lines: z.array(text).max(10).default([]),
});

const columnSchema = z.object({
  header: text,
  /** Relative width. */
  width: z.number().positive().max(100),
  /** Cell text for a row (row variables are `row.*`); "\n" breaks lines. */
  value: text,
  align: align.default('left'),
});

const tableBlock = z.object({
  kind: z.literal('table'),
  /** Which rows: the dossier's components, the hand-offs (form 06), the register's dossiers (form 07), the items to add (form 02). */
  source: z.enum(['components', 'handoffs', 'register', 'items']),
  columns: z.array(columnSchema).min(1).max(20),
  /** Shown in a single row when there is nothing to list. */
  empty: text,
  size: z.number().min(6).max(16).default(12),
  headerSize: z.number().min(6).max(16).optional(),
  /** A cell longer than this many lines is cut with "…" so a row always fits on a page. */
  maxCellLines: z.number().int().min(1).max(60).default(12),
  spaceBefore: z.number().min(0).max(100).default(3),
  when: variableName.optional(),
});

const listBlock = z.object({
  kind: z.literal('list'),
  source: z.literal('items'),
  /** Text of one entry; `{{row.no}}` and `{{row.text}}`. */
  item: text,
  marginMm: z.number().min(0).max(80).default(0),
  when: variableName.optional(),
});

const codesBlock = z.object({
  kind: z.literal('codes'),
  /** Under the Code 128 bars (e.g. "{{dossier.code}}"). */
  caption: text,
  /** Next to the QR code, e.g. how to look the dossier up. */
  qrNote: text.optional(),
  barWidthMm: z.number().min(20).max(120).default(70),
  barHeightMm: z.number().min(5).max(40).default(12),
  qrSizeMm: z.number().min(12).max(60).default(24),
  when: variableName.optional(),
});

const signaturesBlock = z.object({
  kind: z.literal('signatures'),
  columns: z
    .array(
      z.object({
        title: text,
        note: text.default(''),
        /** Printed name under the space for the signature. */
        name: text.default(''),
      }),
    )
    .min(1)
    .max(3),
  /** Space for the handwritten signature, mm. */
  signSpaceMm: z.number().min(5).max(60).default(22),
  spaceBefore: z.number().min(0).max(100).default(8),
});

const spacerBlock = z.object({ kind: z.literal('spacer'), mm: z.number().min(0).max(100) });

export const blockSchema = z.discriminatedUnion('kind', [
  headerBlock,
  titleBlock,
  paragraphBlock,
  tableBlock,
  listBlock,
  codesBlock,
  signaturesBlock,
  spacerBlock,
]);
export type Block = z.infer<typeof blockSchema>;
export type BlockOf<K extends Block['kind']> = Extract<Block, { kind: K }>;

export const formTemplateSchema = z
  .object({
    /** Form number, "01" … "07". */
    form: formKindSchema,
    /** Short name, e.g. "Giấy tiếp nhận hồ sơ và hẹn trả kết quả". */
    name: text,
    /** First local date this version is in force. */
    effectiveFrom: z.string().refine(isLocalDate, { message: 'YYYY-MM-DD' }),
    source: z.object({
      /** The legal text that sets the form, e.g. "Thông tư 03/2025/TT-VPCP". */
      document: text,
      basis: text.optional(),
      /** Where the wording comes from and how sure it is. */
      note: text.optional(),
    }),
    page: z.object({
      orientation: z.enum(['portrait', 'landscape']),
      marginsMm: z.object({
        top: z.number().min(5).max(50),
        right: z.number().min(5).max(50),
        bottom: z.number().min(5).max(50),
        left: z.number().min(5).max(50),
      }),
      fontSize: z.number().min(8).max(16),
      /** Line height as a multiple of the font size. */
      lineHeight: z.number().min(1).max(2.5),
      /** Space after a paragraph, points. */
      paragraphSpacing: z.number().min(0).max(30),
      /** Page numbers from page 2 on (top centre), e.g. "Trang {{page}}/{{pages}}"; empty for none. */
      pageNumber: text.default(''),
    }),
    /** Each copy (liên) is printed on its own page(s); `{{copy.label}}` gives its label. */
    copies: z
      .array(z.object({ label: text }))
      .min(1)
      .max(5)
      .default([{ label: '' }]),
    /** Formats of dates and times: `{{d}}`, `{{m}}`, `{{y}}`, `{{h}}`, `{{mi}}`. */
    formats: z.object({
      date: text,
      dateTime: text,
      shortDate: text,
      shortDateTime: text,
    }),
    /** Words the data builder needs (copy kinds, early/on time/late, …): see forms/data.ts. */
    labels: z.record(z.string(), text).default({}),
    blocks: z.array(blockSchema).min(1).max(200),
  })
  .strict();
export type FormTemplate = z.infer<typeof formTemplateSchema>;

/** Parses one template file's text; a bad file is an AppError that names the file and the field. */
export function parseTemplate(content: string, file: string): FormTemplate {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new AppError('FORM_TEMPLATE_INVALID', {
      file,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const parsed = formTemplateSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(template)'}: ${i.message}`)
      .join('; ');
    throw new AppError('FORM_TEMPLATE_INVALID', { file, detail });
  }
  return parsed.data;
}

/** Every version of every form, newest first per form. */
export type TemplateSet = ReadonlyMap<FormKind, readonly FormTemplate[]>;

/**
 * Loads the templates of one or more folders. A later folder's version of a form with the same
 * `effectiveFrom` replaces an earlier one (e.g. an administrator's corrected copy in the data folder
 * over the shipped assets).
 */
export function loadTemplates(dirs: readonly string[]): TemplateSet {
  const byKey = new Map<string, FormTemplate>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      const template = parseTemplate(readFileSync(join(dir, file), 'utf8'), file);
      byKey.set(`${template.form}@${template.effectiveFrom}`, template);
    }
  }
  const set = new Map<FormKind, FormTemplate[]>();
  for (const template of byKey.values()) {
    const list = set.get(template.form) ?? [];
    list.push(template);
    set.set(template.form, list);
  }
  for (const list of set.values()) list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  return set;
}

/** The version of a form in force on a local date (the oldest one for a date before all of them). */
export function templateInForce(set: TemplateSet, kind: FormKind, date: LocalDate): FormTemplate {
  const versions = set.get(kind);
  if (!versions || versions.length === 0) throw new AppError('FORM_TEMPLATE_MISSING', { form: kind });
  return versions.find((t) => t.effectiveFrom <= date) ?? (versions[versions.length - 1] as FormTemplate);
}
