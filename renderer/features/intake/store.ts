import { create } from 'zustand';
import type { ProcedureView } from '../../../shared/catalogue/procedure';
import type { CccdData } from '../../../shared/cccd/parse';
import type { Intake } from '../../../shared/contract/dossier';

export interface PersonDraft {
  fullName: string;
  idNumber: string;
  /** dd/mm/yyyy as typed; converted to YYYY-MM-DD on receipt. */
  dateOfBirth: string;
  phone: string;
  email: string;
  address: string;
  organisation: string;
}

export interface ComponentDraft {
  name: string;
  code?: string | undefined;
  required: boolean;
  received: boolean;
  original: number;
  certified: number;
  photocopy: number;
  note: string;
  /** The digitized file's link (attachments), once scanned or reused; bound to the dossier on receipt. */
  attachmentId?: string | undefined;
  /** SHA-256 of the digitized PDF. */
  fileSha256?: string | undefined;
  /** Reused from the citizen's earlier dossier instead of scanned again. */
  reused?: boolean | undefined;
  /** Pages of the digitized PDF (shown in the checklist). */
  pageCount?: number | undefined;
}

export interface IntakeDraft {
  procedure: ProcedureView | null;
  applicantType: 1 | 2 | 3 | 4;
  channel: 1 | 2 | 3;
  applicant: PersonDraft;
  ownerIsApplicant: boolean;
  owner: PersonDraft;
  components: ComponentDraft[];
  note: string;
  /** The next CCCD scan fills the owner instead of the applicant. */
  nextScanFillsOwner: boolean;
}

export const emptyPerson = (): PersonDraft => ({
  fullName: '',
  idNumber: '',
  dateOfBirth: '',
  phone: '',
  email: '',
  address: '',
  organisation: '',
});

const emptyDraft = (): IntakeDraft => ({
  procedure: null,
  applicantType: 1,
  channel: 1,
  applicant: emptyPerson(),
  ownerIsApplicant: true,
  owner: emptyPerson(),
  components: [],
  note: '',
  nextScanFillsOwner: false,
});

interface IntakeStore extends IntakeDraft {
  setProcedure: (procedure: ProcedureView | null) => void;
  update: (patch: Partial<IntakeDraft>) => void;
  setPerson: (who: 'applicant' | 'owner', patch: Partial<PersonDraft>) => void;
  setComponent: (index: number, patch: Partial<ComponentDraft>) => void;
  fillFromCccd: (card: CccdData) => 'applicant' | 'owner';
  reset: () => void;
}

const isoToDisplay = (iso: string) => iso.split('-').reverse().join('/');

/** dd/mm/yyyy → YYYY-MM-DD (left as typed when it is not such a date: the back end then refuses it). */
export function displayToIso(text: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : value;
}

/**
 * The intake form's draft, kept while the officer moves between screens (a citizen at the counter is
 * never lost to a click on the menu).
 */
export const useIntake = create<IntakeStore>((set, get) => ({
  ...emptyDraft(),
  setProcedure: (procedure) =>
    set({
      procedure,
      components: (procedure?.components ?? []).map((c) => ({
        name: c.name,
        code: c.code,
        required: c.required,
        received: false,
        original: c.copies.original,
        certified: c.copies.certified,
        photocopy: c.copies.photocopy,
        note: '',
      })),
    }),
  update: (patch) => set(patch),
  setPerson: (who, patch) => set((s) => ({ [who]: { ...s[who], ...patch } }) as Partial<IntakeDraft>),
  setComponent: (index, patch) =>
    set((s) => ({ components: s.components.map((c, i) => (i === index ? { ...c, ...patch } : c)) })),
  fillFromCccd: (card) => {
    const who = get().nextScanFillsOwner ? 'owner' : 'applicant';
    const person: PersonDraft = {
      ...get()[who],
      fullName: card.fullName,
      idNumber: card.idNumber,
      dateOfBirth: isoToDisplay(card.dateOfBirth),
      address: card.address,
    };
    set({ [who]: person, nextScanFillsOwner: false, ...(who === 'owner' ? { ownerIsApplicant: false } : {}) });
    return who;
  },
  reset: () => set(emptyDraft()),
}));

function toPerson(p: PersonDraft) {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    fullName: p.fullName.trim(),
    idNumber: opt(p.idNumber),
    dateOfBirth: displayToIso(p.dateOfBirth),
    phone: opt(p.phone),
    email: opt(p.email),
    address: opt(p.address),
    organisation: opt(p.organisation),
  };
}

/** The contract's intake input from the draft (only the components marked received are listed). */
export function toIntake(draft: IntakeDraft): Intake | null {
  if (!draft.procedure) return null;
  return {
    procedureCode: draft.procedure.code,
    channel: draft.channel,
    applicantType: draft.applicantType,
    applicant: toPerson(draft.applicant),
    owner: draft.ownerIsApplicant ? undefined : toPerson(draft.owner),
    components: draft.components
      .filter((c) => c.received)
      .map((c) => ({
        name: c.name,
        code: c.code,
        copies: { original: c.original, certified: c.certified, photocopy: c.photocopy },
        note: c.note.trim() || undefined,
        fileSha256: c.fileSha256,
        reused: c.fileSha256 ? (c.reused ?? false) : undefined,
      })),
    note: draft.note.trim() || undefined,
  };
}

/** The attachment links of the components that will be received (bound to the dossier once it exists). */
export function attachmentIdsOf(draft: IntakeDraft): string[] {
  return draft.components.filter((c) => c.received && c.attachmentId).map((c) => c.attachmentId as string);
}

/** The owner's ID number as the digitization metadata wants it (null when none or not an ID). */
export function ownerIdNumberOf(draft: IntakeDraft): string | null {
  const id = (draft.ownerIsApplicant ? draft.applicant : draft.owner).idNumber.trim().toUpperCase();
  return /^[0-9A-Z]{6,20}$/.test(id) ? id : null;
}
