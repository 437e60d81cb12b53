/**
 * Named errors of the domain core. Every code has a message in shared/i18n/{vi,en}/domain.json
 * (i18next namespace "domain", `{{param}}` interpolation); a test keeps the code list and both files in
 * step. Over IPC/HTTP send `{ code, message, params }`, never the Error object.
 */
import en from './en/domain.json';
import vi from './vi/domain.json';

export const DOMAIN_ERROR_CODES = [
  // dossier lifecycle
  'DOSSIER_EVENT_INVALID',
  'DOSSIER_WRONG_DOSSIER',
  'DOSSIER_DUPLICATE_EVENT',
  'DOSSIER_OUT_OF_ORDER',
  'DOSSIER_NOT_RECEIVED',
  'DOSSIER_ALREADY_RECEIVED',
  'DOSSIER_CLOSED',
  'DOSSIER_NOT_HOLDER',
  'DOSSIER_RESULT_NOT_RECORDED',
  'DOSSIER_RESULT_ALREADY_RECORDED',
  'DOSSIER_SECOND_EXTENSION',
  'DOSSIER_EXTENSION_NOT_LATER',
  'DOSSIER_NO_DEADLINE',
  'DOSSIER_SECOND_SUPPLEMENT',
  'DOSSIER_NO_PENDING_SUPPLEMENT',
  'DOSSIER_OBLIGATION_PENDING',
  'DOSSIER_NO_PENDING_OBLIGATION',
  'DOSSIER_PAUSED',
  'DOSSIER_NO_PENDING_TRANSFER',
  'DOSSIER_TRANSFER_TO_SELF',
  'DOSSIER_NOT_RETURNED',
  'DOSSIER_ALREADY_RATED',
  'DOSSIER_CORRECTION_FIELD',
  'DOSSIER_CORRECTION_STALE',
  'DOSSIER_CORRECTION_NO_CHANGE',
  // codes and numbering
  'AGENCY_ID_INVALID',
  'DOSSIER_CODE_INVALID',
  'DOSSIER_NUMBER_RANGE',
  'NUMBERING_SLOT_INVALID',
  'NUMBERING_EXHAUSTED',
  'NUMBERING_SERVER_RANGE_FULL',
  // CCCD QR
  'CCCD_EMPTY',
  'CCCD_FIELD_COUNT',
  'CCCD_ID_FORMAT',
  'CCCD_PROVINCE_UNKNOWN',
  'CCCD_OLD_ID_FORMAT',
  'CCCD_NAME_MISSING',
  'CCCD_SEX_INVALID',
  'CCCD_SEX_MISMATCH',
  'CCCD_CENTURY_MISMATCH',
  'CCCD_BIRTH_YEAR_MISMATCH',
  'CCCD_BIRTH_DATE_INVALID',
  'CCCD_BIRTH_DATE_FUTURE',
  'CCCD_ISSUE_DATE_INVALID',
  'CCCD_ISSUE_DATE_FUTURE',
  'CCCD_ISSUE_BEFORE_BIRTH',
  // calendar and deadlines
  'CALENDAR_FILE_INVALID',
  'CALENDAR_NO_WORKING_TIME',
  'DEADLINE_PAUSE_INVALID',
  // hybrid logical clock
  'HLC_INVALID',
  'HLC_CLOCK_DRIFT',
  // admin command line
  'CLI_USAGE',
  'CLI_UNKNOWN_COMMAND',
  'CLI_ARGUMENT_INVALID',
  'CLI_FILE_UNREADABLE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];
export type DomainErrorParams = Record<string, string | number>;
export type Lang = 'vi' | 'en';

const MESSAGES: Record<Lang, Record<string, string>> = { vi, en };

/**
 * The message of a code in a language, with `{{param}}` placeholders filled. A message that counts has i18next's
 * plural keys (`<code>_one`, `<code>_other`; Vietnamese only `_other`): `params.count` picks the form.
 */
export function domainMessage(code: DomainErrorCode, lang: Lang = 'vi', params: DomainErrorParams = {}): string {
  const plural =
    typeof params.count === 'number'
      ? MESSAGES[lang][`${code}_${new Intl.PluralRules(lang).select(params.count)}`]
      : undefined;
  const template = plural ?? MESSAGES[lang][code] ?? code;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) =>
    params[k] === undefined ? `{{${k}}}` : String(params[k]),
  );
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly params: DomainErrorParams;
  constructor(code: DomainErrorCode, params: DomainErrorParams = {}) {
    super(domainMessage(code, 'en', params));
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
  }
  /** JSON-safe form for IPC/HTTP: `{ code, message, params }` in the given language. */
  toPayload(lang: Lang = 'vi'): { code: DomainErrorCode; message: string; params: DomainErrorParams } {
    return { code: this.code, message: domainMessage(this.code, lang, this.params), params: this.params };
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Result type for functions that refuse without throwing. */
export type DomainResult<T> = { ok: true; value: T } | { ok: false; error: DomainError };
