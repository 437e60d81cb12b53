import { z } from 'zod';
import { intakeSchema } from '../../../shared/contract/dossier';
import type { FormNumber, FormSubjectInput } from '../../../shared/contract/forms';
import { AppError } from '../../../shared/contract/result';
import type { DossierState } from '../../../shared/dossier/fold';
import { getProcedure } from '../catalogue/repository';
import type { Database } from '../db/sqlite';
import { type FormContext, renderForm, supplementRequestOf } from '../forms';
import { getDesk, getOffice, listOffices } from '../office/repository';
import type { DossierStore } from './store';

const outcomeRowSchema = z.object({
  id: z.string(),
  kind: z.enum(['supplement', 'refusal']),
  at: z.string(),
  intake: z.string().transform((s) => intakeSchema.parse(JSON.parse(s))),
  items: z.string().transform((s) => z.array(z.string()).parse(JSON.parse(s))),
  reason: z.string(),
});

/**
 * Prints the legal forms of this desk's office: builds the office context (header, place, officer),
 * gathers what each form states from the dossier's events or the counter's record, and renders it.
 */
export class FormPrinter {
  constructor(
    private readonly db: Database,
    private readonly store: DossierStore,
    private readonly assetsDir: string,
  ) {}

  private context(): FormContext {
    const desk = getDesk(this.db);
    const office = desk.officeId ? getOffice(this.db, desk.officeId) : undefined;
    if (!office) throw new AppError('DESK_NOT_CONFIGURED');
    const parent = office.parentId ? getOffice(this.db, office.parentId) : undefined;
    return {
      office: {
        name: office.name,
        parentName: parent?.name ?? '',
        agencyId: office.agencyId ?? '',
        address: office.address,
        phone: office.phone,
      },
      officerName: desk.officerName,
      place: desk.place || office.name,
      printedAt: this.store.nowIso(),
      officeNames: Object.fromEntries(listOffices(this.db).map((o) => [o.id, o.name])),
    };
  }

  private dossier(subject: FormSubjectInput): DossierState {
    if (!('dossierId' in subject)) throw new AppError('FORM_SUBJECT_INVALID');
    const state = this.store.state(subject.dossierId);
    if (!state) throw new AppError('DOSSIER_NOT_FOUND', { id: subject.dossierId });
    return state;
  }

  private outcome(subject: FormSubjectInput) {
    if (!('intakeOutcomeId' in subject)) return null;
    const row = this.db.get('SELECT * FROM intake_outcome WHERE id = ?', subject.intakeOutcomeId);
    if (!row) throw new AppError('DOSSIER_NOT_FOUND', { id: subject.intakeOutcomeId });
    const outcome = outcomeRowSchema.parse(row);
    const procedure = getProcedure(this.db, outcome.intake.procedureCode);
    return {
      ...outcome,
      subject: {
        applicant: outcome.intake.applicant,
        owner: outcome.intake.owner,
        procedure: { code: outcome.intake.procedureCode, name: procedure?.name ?? outcome.intake.procedureCode },
      },
    };
  }

  async render(form: FormNumber, subject: FormSubjectInput): Promise<{ fileName: string; bytes: Uint8Array }> {
    const ctx = this.context();
    const options = { assetsDir: this.assetsDir };
    let bytes: Uint8Array;
    let name: string;
    switch (form) {
      case '01':
      case '04':
      case '05':
      case '06': {
        const state = this.dossier(subject);
        bytes = await renderForm(form, { state }, ctx, options);
        name = state.code ?? state.dossierId;
        break;
      }
      case '02': {
        const outcome = this.outcome(subject);
        if (outcome) {
          bytes = await renderForm(
            '02',
            { ...outcome.subject, request: { items: outcome.items, reason: outcome.reason, at: outcome.at } },
            ctx,
            options,
          );
          name = outcome.id;
        } else {
          const state = this.dossier(subject);
          const request = supplementRequestOf(this.store.events(state.dossierId));
          if (!request) throw new AppError('FORM_NOT_APPLICABLE', { form, missing: 'supplement-requested' });
          bytes = await renderForm('02', { state, request }, ctx, options);
          name = state.code ?? state.dossierId;
        }
        break;
      }
      case '03': {
        const outcome = this.outcome(subject);
        if (outcome) {
          bytes = await renderForm('03', { ...outcome.subject, reason: outcome.reason, at: outcome.at }, ctx, options);
          name = outcome.id;
        } else {
          const state = this.dossier(subject);
          bytes = await renderForm('03', { state }, ctx, options);
          name = state.code ?? state.dossierId;
        }
        break;
      }
      case '07': {
        if (!('from' in subject)) throw new AppError('FORM_SUBJECT_INVALID');
        const officeId = getDesk(this.db).officeId;
        const ids = this.db
          .all<{ id: string }>(
            `SELECT id FROM dossier WHERE receiving_office_id = ? AND received_at >= ? AND received_at < ?
             ORDER BY received_at`,
            officeId ?? '',
            `${subject.from}T00:00:00+07:00`,
            `${subject.to}T99`,
          )
          .map((r) => r.id);
        const dossiers = ids.map((id) => this.store.state(id)).filter((s): s is DossierState => s !== undefined);
        bytes = await renderForm('07', { from: subject.from, to: subject.to, dossiers }, ctx, options);
        name = `${subject.from}_${subject.to}`;
        break;
      }
    }
    return { fileName: `mau-${form}-${name}.pdf`, bytes };
  }
}
