import type { Language } from '../../shared/i18n';

/** Who is calling and in which language they read; filled in by the bridge. */
export interface CallContext {
  language: Language;
}
