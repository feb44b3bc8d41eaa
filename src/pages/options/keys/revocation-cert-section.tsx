import { useState } from 'preact/hooks';
import type { RevocationReason } from '../../../core/keys/model';
import { ErrorAlert } from '../../components/error-alert';
import { usePassphraseRunner } from '../../components/passphrase-context';
import { downloadText } from '../../lib/download';
import { keyLabel } from '../../lib/format';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';
import { ReasonFields } from './reason-select';

/** Make a revocation certificate to keep aside, or apply one (pasted or from a file). */
export function RevocationCertSection({ k, onChanged }: { k: KeyView; onChanged(k: KeyView): void }) {
  return (
    <>
      {k.hasSecret && k.status !== 'revoked' ? <MakeCertForm k={k} /> : null}
      {k.status !== 'revoked' ? <ImportCertForm onChanged={onChanged} /> : null}
    </>
  );
}

function MakeCertForm({ k }: { k: KeyView }) {
  const [reason, setReason] = useState<RevocationReason>('no-reason');
  const [message, setMessage] = useState('');
  const action = useAction();
  const withPass = usePassphraseRunner();
  const submit = async (e: Event) => {
    e.preventDefault();
    await action.run(async () => {
      const r = await withPass(k.fingerprint, keyLabel(k), (passphrase) =>
        call('makeRevocationCertificate', { fingerprint: k.fingerprint, passphrase, reason, message }),
      );
      if (r) downloadText(r.value.fileName, r.value.armored);
    });
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="mkcert-title">
      <h4 id="mkcert-title">{t('revcert_make_title')}</h4>
      <p class="hint">{t('revcert_make_hint')}</p>
      <ReasonFields reason={reason} message={message} onReason={setReason} onMessage={setMessage} testid="revcert" />
      <ErrorAlert error={action.error} />
      <button type="submit" disabled={action.busy} data-testid="key-action-revocation-certificate">
        {t('revcert_download')}
      </button>
    </form>
  );
}

function ImportCertForm({ onChanged }: { onChanged(k: KeyView): void }) {
  const [text, setText] = useState('');
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await action.run(() => call('importRevocationCertificate', { armored: text }));
    if (r) {
      setText('');
      onChanged(r.key);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="impcert-title">
      <h4 id="impcert-title">{t('revcert_import_title')}</h4>
      <label class="field">
        <span>{t('revcert_paste')}</span>
        <textarea rows={4} class="mono" value={text} onInput={(e) => setText(e.currentTarget.value)} data-testid="revcert-import-text" />
      </label>
      <label class="field">
        <span>{t('choose_file')}</span>
        <input
          type="file"
          accept=".asc,.rev,.txt,text/plain,application/pgp-signature"
          data-testid="revcert-import-file"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            if (f) setText(await f.text());
          }}
        />
      </label>
      <ErrorAlert error={action.error} />
      <button type="submit" disabled={action.busy || text.trim() === ''} data-testid="key-action-import-revocation">
        {t('revcert_apply')}
      </button>
    </form>
  );
}
