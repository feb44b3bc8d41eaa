import { useMemo } from 'preact/hooks';
import { t } from '../lib/i18n';
import { mailDocument, sanitizeMailHtml } from './sanitize-html';

/**
 * Decrypted HTML in an iframe sandboxed WITHOUT allow-scripts and without allow-same-origin
 * (opaque origin: it can neither run code nor reach this page), rendered from srcdoc with a
 * CSP that loads nothing. Popups are allowed only so that links open in a new tab.
 */
export function HtmlView({ html }: { html: string }) {
  const safe = useMemo(() => sanitizeMailHtml(html), [html]);
  if (safe === '' && html.trim() !== '') return <p class="warning">{t('read_html_refused')}</p>;
  return (
    <iframe
      class="mail-html"
      title={t('read_html_title')}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerpolicy="no-referrer"
      srcdoc={mailDocument(safe)}
      data-testid="read-html"
    />
  );
}
