import { createInstance, type i18n, type TOptions } from 'i18next';
import enAccounts from './en/accounts.json';
import enApp from './en/app.json';
import enDomain from './en/domain.json';
import enDossier from './en/dossier.json';
import enReports from './en/reports.json';
import enScan from './en/scan.json';
import enServer from './en/server.json';
import enSettings from './en/settings.json';
import enSync from './en/sync.json';
import viAccounts from './vi/accounts.json';
import viApp from './vi/app.json';
import viDomain from './vi/domain.json';
import viDossier from './vi/dossier.json';
import viReports from './vi/reports.json';
import viScan from './vi/scan.json';
import viServer from './vi/server.json';
import viSettings from './vi/settings.json';
import viSync from './vi/sync.json';

/**
 * The translation resources of the whole application, one JSON file per namespace and language.
 * The renderer, the back end (error messages, PDF forms) and the command line all read them, so a
 * string is written once. Vietnamese is the default language.
 */
export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'vi';

export const resources = {
  vi: {
    app: viApp,
    accounts: viAccounts,
    domain: viDomain,
    reports: viReports,
    dossier: viDossier,
    scan: viScan,
    server: viServer,
    settings: viSettings,
    sync: viSync,
  },
  en: {
    app: enApp,
    accounts: enAccounts,
    domain: enDomain,
    reports: enReports,
    dossier: enDossier,
    scan: enScan,
    server: enServer,
    settings: enSettings,
    sync: enSync,
  },
} as const;

export const namespaces = Object.keys(resources.vi) as (keyof (typeof resources)['vi'])[];

/** Translates a key (or the first of several keys that exists) with its params. */
export type Translate = (key: string | string[], params?: TOptions) => string;

/** An isolated i18next instance for one language (synchronous: resources are bundled). */
export function createI18n(language: Language): i18n {
  const instance = createInstance();
  void instance.init({
    lng: language,
    fallbackLng: defaultLanguage,
    resources,
    ns: namespaces,
    defaultNS: 'app',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

const translators = new Map<Language, Translate>();
/** A cached translator for one language, for code outside React. */
export function translator(language: Language): Translate {
  let t = translators.get(language);
  if (!t) {
    const instance = createI18n(language);
    t = (key, params) => instance.t(key, params ?? {}) as string;
    translators.set(language, t);
  }
  return t;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
