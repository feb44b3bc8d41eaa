/** The confirmation window's body for a sign-only message: the text is about to leave Cachet in the clear. */
import type { ConfirmView } from '../../shared/confirm-protocol';
import { t } from '../lib/i18n';

export function SignOnlyView({ view }: { view: Extract<ConfirmView, { kind: 'signOnly' }> }) {
  const more = view.characters - view.preview.length;
  return (
    <>
      <h1>{t('confirm_sign_title')}</h1>
      {view.origin ? (
        <p>
          {t('confirm_encrypt_site')} <strong data-testid="confirm-origin">{view.origin}</strong>
        </p>
      ) : null}
      <p class="warning" role="alert">
        {t('confirm_sign_text')}
      </p>
      <pre class="quote" data-testid="confirm-preview">
        {view.preview}
      </pre>
      {more > 0 ? <p class="muted">{t('confirm_sign_more', String(more))}</p> : null}
    </>
  );
}
