/**
 * For PGP/MIME signed mail: says exactly which part the signature covers (SG-01) and warns
 * when micalg does not match the signature's hash (RFC 3156 §5; such a signature is shown
 * as bad by the background).
 */
import type { SignedPartView } from '../../shared/signed-part-view';
import { t } from '../lib/i18n';

export function SignedPartNote({ view }: { view: SignedPartView }) {
  return (
    <>
      <p class={view.whole ? 'muted' : 'warning'} data-testid="signed-part" data-path={view.path} data-whole={String(view.whole)}>
        {view.whole ? t('signed_part_whole', view.contentType) : t('signed_part_only', [view.path, view.contentType])}
      </p>
      {view.micalgOk ? null : (
        <p class="warning" role="alert" data-testid="micalg-mismatch">
          {t('signed_micalg_mismatch', [view.micalgDeclared ?? '—', view.micalgUsed.join(', ') || '—'])}
        </p>
      )}
    </>
  );
}
