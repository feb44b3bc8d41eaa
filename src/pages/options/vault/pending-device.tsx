import { useState } from 'preact/hooks';
import type { VaultApprovalView } from '../../../shared/vault-approval-protocol';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

/**
 * This device waits for approval (VS-05): the code to compare on the approving device,
 * "Check again" (one sync run, no polling), and the recovery secret as the other way in.
 */
export function PendingDevice({ view, onChange }: { view: VaultApprovalView; onChange(v: VaultApprovalView): void }) {
  const [secret, setSecret] = useState('');
  const check = useAction();
  const recover = useAction();

  const checkAgain = async () => {
    const v = await check.run(async () => {
      await call('vaultSyncNow', {});
      return call('vaultApproval', {});
    });
    if (v) onChange(v);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const v = await recover.run(() => call('vaultRecover', { secret }));
    if (v) {
      setSecret('');
      onChange(v);
    }
  };

  return (
    <div class="card" data-testid="vault-approval-pending" role="status">
      <h3>{t('vaultapproval_pending_title')}</h3>
      <p>{t('vaultapproval_pending_text')}</p>
      <p>
        {t('vaultapproval_code_label')} <strong class="mono" data-testid="vault-approval-code">{view.verificationCode}</strong>
      </p>
      <p class="hint">{t('vaultapproval_code_hint')}</p>
      <ErrorAlert error={check.error} />
      <div class="actions">
        <button type="button" class="primary" onClick={() => void checkAgain()} disabled={check.busy} data-testid="vault-approval-check">
          {t('vaultapproval_check_again')}
        </button>
      </div>
      <form onSubmit={(e) => void submit(e)}>
        <label class="field">
          <span>{t('vaultapproval_recover_label')}</span>
          <input
            type="text"
            required
            autocomplete="off"
            spellcheck={false}
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
            data-testid="vault-recovery-input"
          />
        </label>
        <ErrorAlert error={recover.error} />
        <div class="actions">
          <button type="submit" disabled={recover.busy || secret.trim() === ''} data-testid="vault-recovery-submit">
            {t('vaultapproval_recover_submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
