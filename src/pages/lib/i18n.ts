/**
 * `t(key, subs?)` over `i18n.getMessage`. Keys are typed from the English catalogue,
 * so a missing message is a compile error; test/unit/pages checks fr has the same keys.
 */
import type { ErrorCode } from '../../core/errors';
import { ext } from './ext';

type Catalogue = typeof import('../../../public/_locales/en/messages.json');
export type MessageKey = keyof Catalogue & string;

export function t(key: MessageKey, subs?: string | string[]): string {
  let text = '';
  try {
    text = ext().i18n.getMessage(key, subs);
  } catch {
    text = '';
  }
  // An empty string means the catalogue lacks the key: show the key rather than nothing.
  return text || key;
}

export function errorText(code: ErrorCode): string {
  const key: `error_${ErrorCode}` = `error_${code}`;
  return t(key);
}

/** Sets `<html lang>` and the document title for the page. */
export function localizeDocument(titleKey: MessageKey): void {
  try {
    document.documentElement.lang = ext().i18n.getUILanguage();
  } catch {
    document.documentElement.lang = 'en';
  }
  document.title = t(titleKey);
}

/** BCP 47 UI language for Intl formatting. */
export function uiLang(): string {
  try {
    return ext().i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}
