import { useState } from 'preact/hooks';
import type { RevocationReason } from '../../../core/keys/model';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Fingerprint } from '../../components/fingerprint';
import { usePassphraseRunner } from '../../components/passphrase-context';
import { keyLabel } from '../../lib/format';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';
import { ReasonFields } from './reason-select';

/** Revokes the key for good, after a confirmation naming the fingerprint. */
export function RevokeForm({ k, onChanged }: { k: KeyView; onChanged(k: KeyView): void }) {
  const [reason, setReason] = useState<RevocationReason>('no-reason');
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const withPass = usePassphraseRunner();

  const revoke = async () => {
    setConfirming(false);
    const r = await action.run(() =>
      withPass(k.fingerprint, keyLabel(k), (passphrase) =>
        call('revokeKey', { fingerprint: k.fingerprint, passphrase, reason, message }),
      ),
    );
    if (r) onChanged(r.value.key);
  };

  return (
    <section class="card" aria-labelledby="revoke-title">
      <h4 id="revoke-title">{t('revoke_title')}</h4>
      <p class="hint">{t('revoke_hint')}</p>
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <ReasonFields reason={reason} message={message} onReason={setReason} onMessage={setMessage} testid="revoke" />
      <ErrorAlert error={action.error} />
      <button type="submit" class="danger" disabled={action.busy} data-testid="key-action-revoke">
        {t('revoke')}
      </button>
    </form>
      <ConfirmDialog
        open={confirming}
        title={t('revoke_confirm_title')}
        testid="revoke-confirm"
        confirmLabel={t('revoke')}
        danger
        onConfirm={revoke}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('revoke_confirm_text')}</p>
        <p>
          <Fingerprint value={k.fingerprint} />
        </p>
      </ConfirmDialog>
    </section>
  );
}
