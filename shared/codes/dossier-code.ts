/**
 * Dossier code (mã hồ sơ): `<receiving agency identifier>-<yyMMdd>-<NNNN>`, e.g.
 * `000.00.06.H56-231027-0361`. NNNN restarts at 0001 each day for each receiving agency; the date
 * is the local (UTC+7) date of receipt.
 */
import { z } from 'zod';
import { isRealDate, type LocalDate, makeDate } from '../calendar/time';
import { DomainError } from '../i18n/domain-error';
import { AGENCY_ID_RE } from './agency';

export const MAX_DAILY_NUMBER = 9999;
const CODE_RE = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4})$/;

export interface DossierCodeParts {
  agencyId: string;
  /** Local date of receipt, YYYY-MM-DD (years 2000–2099). */
  date: LocalDate;
  /** Daily sequence number, 1–9999. */
  number: number;
}

export function formatDossierCode(parts: DossierCodeParts): string {
  if (!AGENCY_ID_RE.test(parts.agencyId)) throw new DomainError('AGENCY_ID_INVALID', { value: parts.agencyId });
  if (!Number.isInteger(parts.number) || parts.number < 1 || parts.number > MAX_DAILY_NUMBER) {
    throw new DomainError('DOSSIER_NUMBER_RANGE', { number: parts.number });
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(parts.date);
  if (!m?.[1] || !m[2] || !m[3] || !m[1].startsWith('20')) {
    throw new DomainError('DOSSIER_CODE_INVALID', { value: parts.date });
  }
  return `${parts.agencyId}-${m[1].slice(2)}${m[2]}${m[3]}-${String(parts.number).padStart(4, '0')}`;
}

/** Parses a code (surrounding spaces and lower-case letters tolerated); throws DOSSIER_CODE_INVALID. */
export function parseDossierCode(code: string): DossierCodeParts {
  const m = CODE_RE.exec(code.trim().toUpperCase());
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !m[5]) throw new DomainError('DOSSIER_CODE_INVALID', { value: code });
  const y = 2000 + Number(m[2]);
  const mo = Number(m[3]);
  const d = Number(m[4]);
  const n = Number(m[5]);
  if (!isRealDate(y, mo, d) || n < 1) throw new DomainError('DOSSIER_CODE_INVALID', { value: code });
  return { agencyId: m[1], date: makeDate(y, mo, d), number: n };
}

export function isDossierCode(code: string): boolean {
  try {
    parseDossierCode(code);
    return true;
  } catch {
    return false;
  }
}

export const dossierCodeSchema = z.string().refine(isDossierCode, { message: '<agency>-<yyMMdd>-<NNNN>' });
