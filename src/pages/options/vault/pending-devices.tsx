import { useEffect, useState } from 'preact/hooks';
import type { VaultPendingDevice } from '../../../shared/vault-approval-protocol';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../lib/format';
import { t, uiLang } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

/**
 * Devices that logged in and wait (VS-05): name, when, and the code the device itself
 * shows, so the user approves the device in front of them and not one a thief logged in.
 */
export function PendingDevices({ onApproved }: { onApproved(): void }) {
  const [devices, setDevices] = useState<VaultPendingDevice[] | null>(null);
  const load = useAction();
  const act = useAction();
  useEffect(() => {
    void load.run(async () => setDevices((await call('vaultPendingDevices', {})).devices));
  }, []);

  const decide = async (type: 'vaultApproveDevice' | 'vaultDenyDevice', id: string) => {
    const r = await act.run(() => call(type, { id }));
    if (!r) return;
    setDevices(r.devices);
    if (type === 'vaultApproveDevice') onApproved();
  };

  return (
    <div class="card" data-testid="vault-pending-devices">
      <h3>{t('vaultapproval_pending_devices')}</h3>
      <ErrorAlert error={load.error ?? act.error} />
      {devices?.length === 0 ? <p class="hint">{t('vaultapproval_pending_none')}</p> : null}
      <ul>
        {(devices ?? []).map((d) => (
          <li key={d.id} data-testid={`vault-pending-${d.id}`} data-code={d.verificationCode}>
            <strong>{d.name}</strong> <span class="hint">{t('vaultapproval_pending_since', formatDateTime(d.createdAt, uiLang()))}</span>
            <p>{t('vaultapproval_pending_compare', d.verificationCode)}</p>
            <div class="actions">
              <button type="button" class="primary" disabled={act.busy} onClick={() => void decide('vaultApproveDevice', d.id)} data-testid={`vault-approve-${d.id}`}>
                {t('vaultapproval_approve')}
              </button>
              <button type="button" disabled={act.busy} onClick={() => void decide('vaultDenyDevice', d.id)} data-testid={`vault-deny-${d.id}`}>
                {t('vaultapproval_deny')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
