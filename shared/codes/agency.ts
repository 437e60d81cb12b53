/**
 * Agency identifier (mã định danh điện tử của cơ quan, QCVN 102:2016/BTTTT): 13 characters
 * `NNN.NN.NN.Xnn` — three groups of digits (levels 4, 3, 2) and a last group of one capital letter and
 * two digits (level 1, e.g. H56 for a province), e.g. `000.00.06.H56`.
 */
import { z } from 'zod';
import { DomainError } from '../i18n/domain-error';

export const AGENCY_ID_RE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export function isAgencyId(value: string): boolean {
  return AGENCY_ID_RE.test(value);
}

/** Trims and upper-cases, then validates; throws AGENCY_ID_INVALID. */
export function parseAgencyId(value: string): string {
  const v = value.trim().toUpperCase();
  if (!isAgencyId(v)) throw new DomainError('AGENCY_ID_INVALID', { value });
  return v;
}

export const agencyIdSchema = z.string().regex(AGENCY_ID_RE, { message: 'NNN.NN.NN.Xnn' });
