import { v7 as uuidv7 } from 'uuid';
import type { HandlersOf } from '../../../shared/contract/api';
import { parseWith } from '../../../shared/contract/dispatch';
import type { DossierDetail, dossierCalls, Intake } from '../../../shared/contract/dossier';
import { AppError } from '../../../shared/contract/result';
import { type DossierEventType, dossierEventSchema, receivedPayloadSchema } from '../../../shared/dossier/events';
import { allowedActions, type DossierState, RECEIVING_OFFICE_MAY } from '../../../shared/dossier/fold';
import { signedIn } from '../accounts/handlers';
import type { CalendarStore } from '../calendar/store';
import { catalogueVersion, getProcedure } from '../catalogue/repository';
import type { CallContext } from '../context';
import type { Database } from '../db/sqlite';
import { drawDossierCode } from '../desk/numbering';
import { agencyOf, getDesk } from '../office/repository';
import { DossierQueries } from './queries';
import type { Actor, DossierStore } from './store';

/** The payload schema of one event type, to validate an action's payload with translated messages. */
function payloadSchema(type: DossierEventType) {
  const option = dossierEventSchema.options.find((o) => o.shape.type.value === type);
  if (!option) throw new AppError('UNKNOWN_EVENT_TYPE', { type });
  return option.shape.payload;
}

/** A receipt's payload before its code is drawn (built once: zod compiles a schema on first use). */
const intakePayloadSchema = receivedPayloadSchema.omit({ code: true });

export function dossierHandlers(
  db: Database,
  store: DossierStore,
  calendars: CalendarStore,
): HandlersOf<typeof dossierCalls, CallContext> {
  const queries = new DossierQueries(db, store, calendars);

  /** The signed-in officer (from the session, never the input) at this desk's office. */
  const actor = (ctx: CallContext): Actor => {
    const desk = getDesk(db);
    if (!desk.officeId) throw new AppError('DESK_NOT_CONFIGURED');
    return { userId: signedIn(ctx).id, officeId: desk.officeId };
  };

  /** Display names of users by id, for the people a dossier's history names. */
  const peopleOf = (ids: readonly string[]): Record<string, string> => {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return {};
    const rows = db.all<{ id: string; display_name: string }>(
      `SELECT id, display_name FROM app_user WHERE id IN (${unique.map(() => '?').join(', ')})`,
      ...unique,
    );
    return Object.fromEntries(rows.map((r) => [r.id, r.display_name]));
  };

  const detail = (state: DossierState): DossierDetail => {
    const row = db.get<Parameters<DossierStore['toRow']>[0]>('SELECT * FROM dossier WHERE id = ?', state.dossierId);
    if (!row) throw new AppError('DOSSIER_NOT_FOUND', { id: state.dossierId });
    const rejected = new Map(state.rejected.map((r) => [r.eventId, r.code]));
    const events = store.events(state.dossierId);
    const office = getDesk(db).officeId;
    const holderActs =
      office !== null && (state.holderOfficeId === office || state.pendingTransfer?.toOfficeId === office);
    const receiverActs = office !== null && state.receivingOfficeId === office;
    return {
      row: store.toRow(row),
      procedure: state.procedure,
      channel: state.channel,
      applicantType: state.applicantType,
      applicant: state.applicant,
      owner: state.owner,
      components: state.components,
      note: state.note,
      receivingOfficeId: state.receivingOfficeId,
      baseDueAt: state.baseDueAt,
      pausedWorkingMinutes: state.pausedWorkingMinutes,
      supplementRequests: state.supplementRequests,
      pendingTransfer: state.pendingTransfer,
      handoffs: state.handoffs,
      extension: state.extension
        ? { newDueAt: state.extension.newDueAt, reason: state.extension.reason, lateNotice: state.extension.lateNotice }
        : null,
      result: state.result
        ? { recordedAt: state.result.recordedAt, summary: state.result.summary, documentNo: state.result.documentNo }
        : null,
      returned: state.returned
        ? {
            at: state.returned.returnedAt,
            collectedBy: state.returned.collectedBy.fullName,
            relation: state.returned.collectedBy.relation,
          }
        : null,
      satisfaction: state.satisfaction
        ? { points: state.satisfaction.points, rating: state.satisfaction.rating }
        : null,
      corrections: state.corrections.map((c) => ({
        field: c.field,
        oldValue: c.oldValue,
        newValue: c.newValue,
        reason: c.reason,
        at: c.at,
      })),
      people: peopleOf(events.map((e) => e.actor.userId)),
      timeline: events.map((e) => ({
        id: e.id,
        type: e.type,
        wallTime: e.wallTime,
        userId: e.actor.userId,
        officeId: e.actor.officeId,
        payload: e.payload as Record<string, unknown>,
        rejected: rejected.get(e.id) ?? null,
      })),
      allowedActions: allowedActions(state).filter(
        (type) => type !== 'received' && (holderActs || (receiverActs && RECEIVING_OFFICE_MAY.has(type))),
      ),
    };
  };

  /** The catalogue's snapshot of a procedure, as a dossier keeps it (code, name, field, duration, version). */
  const snapshotOf = (code: string) => {
    const procedure = getProcedure(db, code);
    if (!procedure) throw new AppError('PROCEDURE_NOT_FOUND', { code });
    return {
      code: procedure.code,
      name: procedure.name,
      fieldCode: procedure.fieldCode,
      duration: procedure.duration,
      source: catalogueVersion(db) ?? undefined,
    };
  };

  /** A correction of the procedure carries the new procedure's snapshot, taken from the catalogue. */
  const withProcedureSnapshot = (payload: Record<string, unknown>) =>
    payload.field === 'procedure' && typeof payload.newValue === 'string'
      ? { ...payload, procedure: snapshotOf(payload.newValue.trim()) }
      : payload;

  const receive = (intake: Intake, ctx: CallContext): DossierState => {
    const who = actor(ctx);
    const procedure = snapshotOf(intake.procedureCode);
    const agency = agencyOf(db, who.officeId);
    if (!agency?.agencyId) throw new AppError('OFFICE_WITHOUT_AGENCY_ID', { id: who.officeId });
    const agencyId = agency.agencyId;
    const desk = getDesk(db);
    const payload = {
      code: '',
      procedure,
      channel: intake.channel,
      applicantType: intake.applicantType,
      applicant: intake.applicant,
      owner: intake.owner,
      components: intake.components.map(({ note: _note, ...c }) => c),
      schedule: calendars.calendar().scheduleOn(store.today()),
      counterId: desk.counterId || undefined,
      note: intake.note,
    };
    const checked = parseWith(intakePayloadSchema, payload, ctx.language);
    if (!checked.ok) throw new AppError('VALIDATION_FAILED', {}, checked.issues);
    const { state } = store.append({ dossierId: uuidv7(), type: 'received', payload }, who, () => {
      payload.code = drawDossierCode(db, agencyId, store.today());
    });
    return state;
  };

  return {
    'dossier.receive': (intake, ctx) => detail(receive(intake, ctx)),
    'dossier.intakeOutcome': ({ kind, intake, items, reason }, ctx) => {
      const who = actor(ctx);
      if (!getProcedure(db, intake.procedureCode))
        throw new AppError('PROCEDURE_NOT_FOUND', { code: intake.procedureCode });
      if (kind === 'supplement' && items.length === 0) throw new AppError('SUPPLEMENT_ITEMS_REQUIRED');
      const id = uuidv7();
      const at = store.nowIso();
      db.run(
        `INSERT INTO intake_outcome (id, kind, at, user_id, office_id, procedure_code, intake, items, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        kind,
        at,
        who.userId,
        who.officeId,
        intake.procedureCode,
        JSON.stringify(intake),
        JSON.stringify(items),
        reason,
      );
      return { id, kind, at };
    },
    'dossier.act': ({ dossierId, type, payload: given }, ctx) => {
      if (!store.state(dossierId)) throw new AppError('DOSSIER_NOT_FOUND', { id: dossierId });
      const payload = type === 'receipt-corrected' ? withProcedureSnapshot(given) : given;
      const checked = parseWith(payloadSchema(type), payload, ctx.language);
      if (!checked.ok) throw new AppError('VALIDATION_FAILED', {}, checked.issues);
      const { state } = store.append({ dossierId, type, payload: checked.value }, actor(ctx));
      return detail(state);
    },
    'dossier.get': (input) => {
      const id = 'id' in input ? input.id : store.idOfCode(input.code.trim().toUpperCase());
      // A sync in progress may not have projected it yet: the officer sees it as its events say.
      if (id) store.projectIfBacklogged(id);
      const state = id ? store.state(id) : undefined;
      if (!state) throw new AppError('DOSSIER_NOT_FOUND', { id: 'id' in input ? input.id : input.code });
      return detail(state);
    },
    'dossier.list': (params, ctx) => {
      const who = actor(ctx);
      return queries.list({ officeId: who.officeId, userId: who.userId }, params);
    },
    'dossier.queues': (_input, ctx) => {
      const who = actor(ctx);
      return queries.counts({ officeId: who.officeId, userId: who.userId });
    },
  };
}
