import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, isLanguage, type Language, namespaces, resources } from '../../shared/i18n';
import { setLanguageSource } from '../api/client';

const storageKey = 'motcua.language';

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

/** Initialises i18next for React with the shared resources; Vietnamese unless the user chose English. */
export function initI18n(language: Language = storedLanguage()) {
  void i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: defaultLanguage,
    resources,
    ns: namespaces,
    defaultNS: 'app',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = language;
  setLanguageSource(() => i18next.language);
  return i18next;
}

export function changeLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // private mode: the choice lasts for the session
  }
}
