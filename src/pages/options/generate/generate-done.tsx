import { Fingerprint } from '../../components/fingerprint';
import { downloadText } from '../../lib/download';
import { keyLabel } from '../../lib/format';
import { t } from '../../lib/i18n';
import type { Res } from '../../lib/rpc';

/** After generation: offer the revocation certificate right away (it cannot be made without the key later). */
export function GenerateDone({ result, onAnother }: { result: Res<'generateKey'>; onAnother(): void }) {
  const k = result.key;
  return (
    <section class="card" role="status" aria-labelledby="gen-done-title" data-testid="generate-done">
      <h3 id="gen-done-title">{t('generate_done')}</h3>
      <p>{keyLabel(k)}</p>
      <Fingerprint value={k.fingerprint} testid="generate-done-fingerprint" />
      <p class="hint">{t('generate_revcert_hint')}</p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={() => downloadText(`${k.fingerprint}-revocation.asc`, result.revocationCertificate)}
          data-testid="generate-download-revocation"
        >
          {t('revcert_download')}
        </button>
        <a class="button" href={`#/key/${k.fingerprint}`} data-testid="generate-open-key">
          {t('open_key')}
        </a>
        <button type="button" onClick={onAnother} data-testid="generate-another">
          {t('generate_another')}
        </button>
      </div>
    </section>
  );
}
