import type { VaultApprovalView } from '../../../shared/vault-approval-protocol';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

/**
 * The recovery secret, shown once (after registering, after it was used, or on request)
 * until the user confirms "I wrote it down"; then the background forgets it. Accounts
 * without one (made before device approval) are offered a new one.
 */
export function RecoverySecret({ view, onChange }: { view: VaultApprovalView; onChange(v: VaultApprovalView): void }) {
  const act = useAction();
  const run = async (type: 'vaultRecoverySecretSaved' | 'vaultNewRecoverySecret') => {
    const v = await act.run(() => call(type, {}));
    if (v) {
      onChange(v);
    }
  };

  if (view.recoverySecret) {
    return (
      <div class="card" data-testid="vault-recovery-secret">
        <h3>{t('vaultapproval_secret_title')}</h3>
        <p>{t('vaultapproval_secret_text')}</p>
        <p>
          <strong class="mono" data-testid="vault-recovery-secret-value">{view.recoverySecret}</strong>
        </p>
        <ErrorAlert error={act.error} />
        <div class="actions">
          <button type="button" class="primary" disabled={act.busy} onClick={() => void run('vaultRecoverySecretSaved')} data-testid="vault-recovery-done">
            {t('vaultapproval_secret_saved')}
          </button>
        </div>
      </div>
    );
  }
  if (view.hasRecoverySecret !== false) return null;
  return (
    <div class="card" data-testid="vault-recovery-none">
      <p>{t('vaultapproval_secret_none')}</p>
      <ErrorAlert error={act.error} />
      <button type="button" onClick={() => void run('vaultNewRecoverySecret')} disabled={act.busy} data-testid="vault-recovery-new">
        {t('vaultapproval_secret_new')}
      </button>
    </div>
  );
}
