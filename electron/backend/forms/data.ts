/**
 * What a form is filled with: the dossier state from the domain core (shared/dossier/fold.ts), the
 * office context, and per-form extras the state does not keep (e.g. the items of a supplement request).
 * This module turns them into the variables that templates refer to as `{{name}}`; each variable is a
 * function so a form only needs the labels of the variables its template uses.
 *
 * Times are Vietnam local (UTC+7) through shared/calendar/time.ts, never the machine's time zone.
 */
import { z } from 'zod';
import { instantMs, type LocalDate, localDateOf, localDateSchema, toLocal } from '../../../shared/calendar/time';
import { AppError } from '../../../shared/contract/result';
import type { Duration } from '../../../shared/deadline/duration';
import type { Person } from '../../../shared/dossier/events';
import type { DossierState } from '../../../shared/dossier/fold';
import type { FormKind, FormTemplate } from './template';

const line = (max: number) => z.string().max(max);

/** The office and print context of every form. */
export const formContextSchema = z.object({
  office: z.object({
    /** The receiving agency (bold line of the header), e.g. "Trung tâm Phục vụ hành chính công tỉnh …". */
    name: line(500).min(1),
    /** Its parent agency (first line of the header), e.g. "UBND tỉnh …". */
    parentName: line(500).default(''),
    /** Agency identifier (QCVN 102:2016/BTTTT). */
    agencyId: line(50).default(''),
    address: line(500).default(''),
    phone: line(50).default(''),
  }),
  /** The officer who prints (counter officer on forms 01–03). */
  officerName: line(200).default(''),
  /** Place in the date line, e.g. "Hà Nội". */
  place: line(100).min(1),
  /** When the form is printed (ISO 8601 with offset). */
  printedAt: z.iso.datetime({ offset: true }),
  /** Names of the offices and units the dossier went through, by id (form 06, 07). */
  officeNames: z.record(z.string(), line(500)).default({}),
});
export type FormContext = z.input<typeof formContextSchema>;
type Ctx = z.output<typeof formContextSchema>;

/** Applicant and procedure given explicitly, for forms issued before a dossier exists (02, 03 at intake). */
export interface FormSubject {
  applicant?: Person;
  owner?: Person;
  procedure?: { code: string; name: string };
}

const instant = z.iso.datetime({ offset: true });
const supplementRequestSchema = z.object({
  items: z.array(z.string().trim().min(1).max(1000)).min(1).max(100),
  reason: z.string().trim().min(1).max(2000),
  /** When the request was made (the supplement-requested event's wall time, or now at intake). */
  at: instant,
});

export interface FormDataMap {
  /** Receipt and appointment; `resultPlace` says where the result is collected (default: the office and its address). */
  '01': { state: DossierState; resultPlace?: string };
  /** Supplement request: the items and reason come from the supplement-requested event (fold keeps only the pause). */
  '02': FormSubject & {
    state?: DossierState;
    request: z.input<typeof supplementRequestSchema>;
    /** Phone to call with questions (default: the office's). */
    contactPhone?: string;
  };
  /** Refusal: reason and time from `state.refusal`, or given at intake. */
  '03': FormSubject & { state?: DossierState; reason?: string; at?: string };
  /** Apology and extension: from `state.extension`. */
  '04': { state: DossierState; documentNo?: string };
  /** Stop notice: from `state.stop`. */
  '05': { state: DossierState; documentNo?: string };
  /** Control sheet: every hand-off. */
  '06': { state: DossierState };
  /** Register of the dossiers received between two local dates (inclusive). */
  '07': { from: LocalDate; to: LocalDate; dossiers: readonly DossierState[]; bookNo?: string };
}
export type FormData<K extends FormKind> = FormDataMap[K];

export type Vars = Record<string, () => string>;

export interface FilledForm {
  /** Local date of the act the form records: picks the template version in force. */
  date: LocalDate;
  vars: Vars;
  tables: Partial<Record<'components' | 'handoffs' | 'register' | 'items', Vars[]>>;
  /** Title of the PDF document. */
  subject: string;
}

const pad2 = (n: number | string) => String(n).padStart(2, '0');

function notApplicable(form: FormKind, missing: string): AppError {
  return new AppError('FORM_NOT_APPLICABLE', { form, missing });
}

/** The local date of the act each form records (used before the template is known). */
export function actDate<K extends FormKind>(kind: K, data: FormData<K>, ctx: FormContext): LocalDate {
  const printed = localDateOf(instantMs(ctx.printedAt));
  const at = (iso: string | null | undefined) => (iso ? localDateOf(instantMs(iso)) : printed);
  switch (kind) {
    case '01':
      return at((data as FormData<'01'>).state.receivedAt);
    case '02':
      return at((data as FormData<'02'>).request.at);
    case '03': {
      const d = data as FormData<'03'>;
      return at(d.state?.refusal?.at ?? d.at);
    }
    case '04':
      return at((data as FormData<'04'>).state.extension?.issuedAt);
    case '05':
      return at((data as FormData<'05'>).state.stop?.at);
    default:
      return printed;
  }
}

/** Builds the variables and table rows of a form. Throws FORM_NOT_APPLICABLE when the dossier lacks what the form states. */
export function fillForm<K extends FormKind>(
  kind: K,
  data: FormData<K>,
  context: FormContext,
  template: FormTemplate,
): FilledForm {
  const parsedCtx = formContextSchema.safeParse(context);
  if (!parsedCtx.success) {
    const detail = parsedCtx.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('FORM_DATA_INVALID', { form: kind, detail });
  }
  const ctx = parsedCtx.data;
  const f = new Filler(kind, template, ctx);
  const date = actDate(kind, data, context);
  switch (kind) {
    case '01': {
      const { state, resultPlace } = data as FormData<'01'>;
      if (!state.code || !state.receivedAt) throw notApplicable(kind, 'receivedAt');
      f.dossier(state);
      f.set('result.place', () => resultPlace ?? joinNonEmpty([ctx.office.name, ctx.office.address], ', '));
      f.tables.components = f.components(state);
      break;
    }
    case '02': {
      const d = data as FormData<'02'>;
      const request = supplementRequestSchema.safeParse(d.request);
      if (!request.success) {
        const detail = request.error.issues.map((i) => `request.${i.path.join('.')}: ${i.message}`).join('; ');
        throw new AppError('FORM_DATA_INVALID', { form: kind, detail });
      }
      f.subject(d.state, d);
      f.set('request.reason', () => request.data.reason);
      f.set('request.date', () => f.date(request.data.at));
      f.set('request.dateTime', () => f.dateTime(request.data.at));
      f.set('contact.phone', () => d.contactPhone ?? ctx.office.phone);
      f.tables.items = request.data.items.map((text, i) => ({ no: () => String(i + 1), text: () => text }));
      break;
    }
    case '03': {
      const d = data as FormData<'03'>;
      const reason = d.state?.refusal?.reason ?? d.reason;
      const at = d.state?.refusal?.at ?? d.at ?? ctx.printedAt;
      if (!reason?.trim()) throw notApplicable(kind, 'refusal.reason');
      f.subject(d.state, d);
      f.set('refusal.reason', () => reason);
      f.set('refusal.date', () => f.date(at));
      break;
    }
    case '04': {
      const { state, documentNo } = data as FormData<'04'>;
      const ext = state.extension;
      if (!ext || !state.code) throw notApplicable(kind, 'extension');
      f.dossier(state);
      f.set('doc.number', () => documentNo ?? '……/……');
      f.set('extension.reason', () => ext.reason);
      f.set('extension.issuedDate', () => f.date(ext.issuedAt));
      f.set('extension.previousDueAt', () => f.dateTime(ext.previousDueAt));
      f.set('extension.newDueAt', () => f.dateTime(ext.newDueAt));
      f.set('extension.newDueDate', () => f.date(ext.newDueAt));
      break;
    }
    case '05': {
      const { state, documentNo } = data as FormData<'05'>;
      const stop = state.stop;
      if (!stop || !state.code) throw notApplicable(kind, 'stop');
      f.dossier(state);
      f.set('doc.number', () => documentNo ?? '……/……');
      f.set('stop.reason', () => stop.reason);
      f.set('stop.date', () => f.date(stop.at));
      break;
    }
    case '06': {
      const { state } = data as FormData<'06'>;
      if (!state.code || !state.receivedAt) throw notApplicable(kind, 'receivedAt');
      f.dossier(state);
      f.tables.handoffs = f.handoffs(state);
      break;
    }
    case '07': {
      const d = data as FormData<'07'>;
      const from = localDateSchema.safeParse(d.from);
      const to = localDateSchema.safeParse(d.to);
      if (!from.success || !to.success || d.from > d.to) {
        throw new AppError('FORM_DATA_INVALID', { form: kind, detail: `from/to: ${d.from} – ${d.to}` });
      }
      const rows = d.dossiers
        .filter((s) => s.receivedAt && s.code)
        .map((s) => ({ s, ms: instantMs(s.receivedAt as string) }))
        .filter(({ ms }) => {
          const day = localDateOf(ms);
          return day >= d.from && day <= d.to;
        })
        .sort((a, b) => a.ms - b.ms || String(a.s.code).localeCompare(String(b.s.code)));
      f.set('register.from', () => f.shortDate(d.from));
      f.set('register.to', () => f.shortDate(d.to));
      f.set('register.count', () => String(rows.length));
      f.set('register.bookNo', () => d.bookNo ?? '');
      f.tables.register = rows.map(({ s }, i) => f.registerRow(s, i + 1));
      break;
    }
  }
  f.set('doc.date', () => f.longDate(date));
  f.setDefault('doc.number', () => '');
  return { date, vars: f.vars, tables: f.tables, subject: `${template.form} ${template.name}` };
}

function joinNonEmpty(parts: Array<string | null | undefined>, sep: string): string {
  return parts.filter((p): p is string => !!p?.trim()).join(sep);
}

/** Fills one template's format (`{{d}}` …) with fixed values. */
function format(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? '');
}

class Filler {
  readonly vars: Vars = {};
  readonly tables: FilledForm['tables'] = {};

  constructor(
    readonly kind: FormKind,
    readonly template: FormTemplate,
    readonly ctx: Ctx,
  ) {
    const o = ctx.office;
    this.set('office.name', () => o.name);
    this.set('office.parentName', () => o.parentName);
    this.set('office.agencyId', () => o.agencyId);
    this.set('office.address', () => o.address);
    this.set('office.phone', () => o.phone);
    this.set('officer.name', () => ctx.officerName);
    this.set('place', () => ctx.place);
    this.set('printed.date', () => this.date(ctx.printedAt));
    this.set('printed.dateTime', () => this.dateTime(ctx.printedAt));
    this.set('printed.shortDateTime', () => this.shortDateTime(ctx.printedAt));
  }

  set(name: string, value: () => string): void {
    this.vars[name] = value;
  }
  setDefault(name: string, value: () => string): void {
    if (!(name in this.vars)) this.vars[name] = value;
  }

  label(key: string): string {
    const value = this.template.labels[key];
    if (value === undefined) {
      throw new AppError('FORM_TEMPLATE_INVALID', {
        file: `${this.template.form} (${this.template.effectiveFrom})`,
        detail: `labels.${key}: missing`,
      });
    }
    return value;
  }

  /** Date parts; day < 10 and months 1–2 with a leading zero (Decree 30/2020/NĐ-CP, Appendix I). */
  private parts(iso: string): Record<string, string> {
    const { date, minute } = toLocal(instantMs(iso));
    return this.dateParts(date, minute);
  }
  private dateParts(date: LocalDate, minute = 0): Record<string, string> {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return {
      d: pad2(d),
      m: m < 3 ? pad2(m) : String(m),
      mm: pad2(m),
      y: String(y),
      h: pad2(Math.floor(minute / 60)),
      mi: pad2(minute % 60),
    };
  }
  /** "ngày 05 tháng 01 năm 2026" (as the template's formats.date says). */
  date(iso: string): string {
    return format(this.template.formats.date, this.parts(iso));
  }
  longDate(date: LocalDate): string {
    return format(this.template.formats.date, this.dateParts(date));
  }
  /** "09 giờ 32 phút, ngày 27 tháng 10 năm 2023". */
  dateTime(iso: string): string {
    return format(this.template.formats.dateTime, this.parts(iso));
  }
  /** "27/10/2023". */
  shortDate(date: LocalDate): string {
    return format(this.template.formats.shortDate, this.dateParts(date));
  }
  /** "09:32 27/10/2023". */
  shortDateTime(iso: string): string {
    return format(this.template.formats.shortDateTime, this.parts(iso));
  }

  officeName(id: string | null | undefined): string {
    if (!id) return '';
    return this.ctx.officeNames[id] ?? id;
  }

  person(prefix: string, p: Person | null | undefined): void {
    this.set(`${prefix}.fullName`, () => p?.fullName ?? '');
    this.set(`${prefix}.idNumber`, () => p?.idNumber ?? '');
    this.set(`${prefix}.dateOfBirth`, () => p?.dateOfBirth ?? '');
    this.set(`${prefix}.phone`, () => p?.phone ?? '');
    this.set(`${prefix}.email`, () => p?.email ?? '');
    this.set(`${prefix}.address`, () => p?.address ?? '');
    this.set(`${prefix}.organisation`, () => p?.organisation ?? '');
  }

  /** Applicant, owner and procedure, from the state or given explicitly. */
  subject(state: DossierState | undefined, given: FormSubject): void {
    const applicant = state?.applicant ?? given.applicant;
    const procedure = state?.procedure ?? given.procedure;
    if (!applicant) throw notApplicable(this.kind, 'applicant');
    if (!procedure) throw notApplicable(this.kind, 'procedure');
    const owner = state?.applicant ? state.owner : (given.owner ?? null);
    this.person('applicant', applicant);
    this.person('owner', owner);
    this.set('owner.other', () => (owner && owner.fullName !== applicant.fullName ? 'x' : ''));
    this.set('dossier.code', () => state?.code ?? '');
    this.set('dossier.procedureCode', () => procedure.code);
    this.set('dossier.procedureName', () => procedure.name);
  }

  dossier(state: DossierState): void {
    this.subject(state, {});
    const s = state;
    this.set('dossier.receivedAt', () => (s.receivedAt ? this.dateTime(s.receivedAt) : ''));
    this.set('dossier.receivedDate', () => (s.receivedAt ? this.date(s.receivedAt) : ''));
    this.set('dossier.dueAt', () => (s.dueAt ? this.dateTime(s.dueAt) : this.label('noDeadline')));
    this.set('dossier.dueDate', () => (s.dueAt ? this.date(s.dueAt) : this.label('noDeadline')));
    this.set('dossier.duration', () => this.duration(s.duration));
    this.set('dossier.sets', () => '01');
    this.set('dossier.channel', () => (s.channel ? this.label(`channel.${s.channel}`) : ''));
    this.set('dossier.note', () => s.note ?? '');
    this.set('dossier.receivingOffice', () => this.officeName(s.receivingOfficeId) || this.ctx.office.name);
    this.set('dossier.holderOffice', () => this.officeName(s.holderOfficeId));
    this.set('dossier.processingOffices', () => this.processingOffices(s));
    this.set('dossier.result', () => s.result?.summary ?? '');
    this.set('dossier.timeliness', () => (s.result?.timeliness ? this.label(`timeliness.${s.result.timeliness}`) : ''));
  }

  duration(d: Duration | null): string {
    if (!d) return '';
    switch (d.unit) {
      case 'working-days':
        return Number.isInteger(d.value)
          ? format(this.label('duration.workingDays'), { n: pad2(d.value) })
          : format(this.label('duration.workingHours'), { n: String(Math.round(d.value * 8 * 10) / 10) });
      case 'calendar-days':
        return format(this.label('duration.calendarDays'), { n: pad2(d.value) });
      case 'same-day':
        return format(this.label('duration.sameDay'), { cutoff: d.cutoff });
      case 'none':
        return this.label('duration.none');
    }
  }

  processingOffices(s: DossierState): string {
    const ids: string[] = [];
    for (const h of s.handoffs) {
      if (h.toOfficeId !== s.receivingOfficeId && !ids.includes(h.toOfficeId)) ids.push(h.toOfficeId);
    }
    return ids.map((id) => this.officeName(id)).join('; ');
  }

  copiesText(copies: { original: number; certified: number; photocopy: number }): { kinds: string; counts: string } {
    const kinds: string[] = [];
    const counts: string[] = [];
    for (const key of ['original', 'certified', 'photocopy'] as const) {
      if (copies[key] > 0) {
        kinds.push(this.label(`copies.${key}`));
        counts.push(pad2(copies[key]));
      }
    }
    return { kinds: kinds.join('\n'), counts: counts.join('\n') };
  }

  components(s: DossierState): Vars[] {
    return s.components.map((c, i) => {
      const copies = () => this.copiesText(c.copies);
      return {
        no: () => String(i + 1),
        name: () => c.name,
        code: () => c.code ?? '',
        kinds: () => copies().kinds,
        counts: () => copies().counts,
        digitized: () => (c.fileSha256 || c.reused ? this.label('digitized') : ''),
      };
    });
  }

  handoffs(s: DossierState): Vars[] {
    const rows: Vars[] = s.handoffs.map((h, i) => ({
      no: () => String(i + 1),
      from: () => this.officeName(h.fromOfficeId),
      to: () => joinNonEmpty([this.officeName(h.toOfficeId), h.toUnitId ? this.officeName(h.toUnitId) : null], ' – '),
      givenAt: () => this.shortDateTime(h.givenAt),
      receivedAt: () => (h.receivedAt ? this.shortDateTime(h.receivedAt) : ''),
      stepDueAt: () => (h.stepDueAt ? this.shortDateTime(h.stepDueAt) : ''),
      timeliness: () => (h.timeliness ? this.label(`timeliness.${h.timeliness}`) : ''),
      mode: () => this.label(`mode.${h.mode}`),
    }));
    const ret = s.returned;
    if (ret) {
      const n = rows.length + 1;
      rows.push({
        no: () => String(n),
        from: () => this.officeName(ret.officeId) || this.ctx.office.name,
        to: () => joinNonEmpty([this.label('returnedTo'), ret.collectedBy.fullName], ': '),
        givenAt: () => this.shortDateTime(ret.returnedAt),
        receivedAt: () => this.shortDateTime(ret.returnedAt),
        stepDueAt: () => (s.dueAt ? this.shortDateTime(s.dueAt) : ''),
        timeliness: () => (s.result?.timeliness ? this.label(`timeliness.${s.result.timeliness}`) : ''),
        mode: () => this.label(`return.${ret.method}`),
      });
    }
    return rows;
  }

  registerRow(s: DossierState, no: number): Vars {
    const applicant = s.applicant;
    const firstOut = s.handoffs.find((h) => h.fromOfficeId === s.receivingOfficeId && h.toOfficeId !== h.fromOfficeId);
    const back = [...s.handoffs]
      .reverse()
      .find((h) => h.toOfficeId === s.receivingOfficeId && h.fromOfficeId !== h.toOfficeId);
    return {
      no: () => String(no),
      code: () => s.code ?? '',
      procedure: () => s.procedure?.name ?? '',
      sets: () => '01',
      applicant: () =>
        joinNonEmpty(
          [applicant?.fullName, s.owner && s.owner.fullName !== applicant?.fullName ? s.owner.fullName : null],
          '\n',
        ),
      contact: () => joinNonEmpty([applicant?.address, applicant?.phone], '\n'),
      office: () => this.processingOffices(s),
      receivedAt: () => (s.receivedAt ? this.shortDateTime(s.receivedAt) : ''),
      dueAt: () => (s.dueAt ? this.shortDateTime(s.dueAt) : ''),
      transferredAt: () => (firstOut ? this.shortDateTime(firstOut.givenAt) : ''),
      resultAt: () => (back ? this.shortDateTime(back.receivedAt ?? back.givenAt) : ''),
      returnedAt: () => (s.returned ? this.shortDateTime(s.returned.returnedAt) : ''),
      note: () =>
        s.result?.timeliness ? this.label(`timeliness.${s.result.timeliness}`) : this.label(`status.${s.statusName}`),
    };
  }
}
