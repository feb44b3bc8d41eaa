import { ErrorAlert } from '../../components/error-alert';
import { usePassphraseRunner } from '../../components/passphrase-context';
import { downloadText } from '../../lib/download';
import { keyLabel } from '../../lib/format';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';

type Kind = 'public' | 'private' | 'private-gnupg';

/** Export downloads an `.asc` file; private exports may need the passphrase. */
export function ExportSection({ k }: { k: KeyView }) {
  const action = useAction();
  const withPass = usePassphraseRunner();
  const exportKey = (kind: Kind) =>
    action.run(async () => {
      const r = await withPass(k.fingerprint, keyLabel(k), (passphrase) =>
        call('exportKey', { fingerprint: k.fingerprint, kind, passphrase }),
      );
      if (r) downloadText(r.value.fileName, r.value.armored);
    });
  return (
    <section class="card" aria-labelledby="export-title">
      <h4 id="export-title">{t('export_title')}</h4>
      <div class="actions">
        <button type="button" disabled={action.busy} onClick={() => exportKey('public')} data-testid="key-action-export-public">
          {t('export_public')}
        </button>
        {k.hasSecret ? (
          <>
            <button
              type="button"
              disabled={action.busy}
              onClick={() => exportKey('private')}
              data-testid="key-action-export-private"
            >
              {t('export_private')}
            </button>
            <button
              type="button"
              disabled={action.busy || k.version === 6}
              onClick={() => exportKey('private-gnupg')}
              data-testid="key-action-export-gnupg"
            >
              {t('export_private_gnupg')}
            </button>
          </>
        ) : null}
      </div>
      {k.hasSecret ? <p class="hint">{k.version === 6 ? t('export_gnupg_v6') : t('export_gnupg_hint')}</p> : null}
      <ErrorAlert error={action.error} />
    </section>
  );
}
