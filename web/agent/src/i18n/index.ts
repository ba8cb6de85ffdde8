// Languages of the workspace: zh-CN and en, chosen by the agent or by the browser, with the
// matching Element Plus locale so date pickers and pagination speak the same language.
import elEn from 'element-plus/es/locale/lang/en';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN from './zh-CN';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

const storageKey = 'kefu.locale';

/** initialLocale is the agent's saved choice, else the browser's preference, else English. */
export function initialLocale(saved = safeStorage()?.getItem(storageKey), languages = navigator.languages ?? [navigator.language]): Locale {
  if (saved === 'zh-CN' || saved === 'en') return saved;
  for (const l of languages) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

export const elementLocales = { 'zh-CN': elZhCn, en: elEn };

export function createAppI18n(locale: Locale = initialLocale()) {
  return createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, 'zh-CN': zhCN } });
}

/** saveLocale remembers the choice and tells assistive technology the page's language. */
export function saveLocale(l: Locale) {
  safeStorage()?.setItem(storageKey, l);
  document.documentElement.lang = l;
}

// Storage may be disabled by privacy settings; the choice then lasts for the page only.
function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
