/** Translated strings for in-page UI; English fallback when a key is missing from _locales. */
import { ext } from '../../shared/api';

const FALLBACK = {
  content_button_compose: 'Write securely with Cachet',
  content_attach_failed: 'Cachet could not attach the encrypted files on this page. Download them and attach them yourself:',
  content_close: 'Close',
} as const;

export type ContentMessage = keyof typeof FALLBACK;

export function msg(key: ContentMessage): string {
  let text = '';
  try {
    text = ext?.i18n?.getMessage(key) ?? '';
  } catch {
    // the extension was reloaded under this page: no messages any more
  }
  return text || FALLBACK[key];
}
