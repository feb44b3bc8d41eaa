import { useEffect, useState } from 'preact/hooks';
import type { VaultStatus } from '../../../shared/protocol';
import type { VaultApprovalView } from '../../../shared/vault-approval-protocol';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import { AccountForm } from './account-form';
import { Devices } from './devices';
import { PendingDevice } from './pending-device';
import { PendingDevices } from './pending-devices';
import { RecoverySecret } from './recovery-secret';
import { Tombstones } from './tombstones';
import { SyncState } from './sync-state';

/** Options page "Vault" section (`#/vault`): account, sync state, devices. */
export function VaultPage() {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const load = useAction();
  const sync = useAction();
  const logout = useAction();
  // VS-05: whether this device is approved; asked when the page opens and after each sync, never polled.
  const [approval, setApproval] = useState<VaultApprovalView | null>(null);
  const [devicesKey, setDevicesKey] = useState(0);
  const checkApproval = async (s: VaultStatus | null) => {
    setApproval(s?.connected ? ((await load.run(() => call('vaultApproval', {}))) ?? null) : null);
  };
  const refresh = () =>
    void load.run(async () => {
      const s = await call('vaultStatus', {});
      setStatus(s);
      await checkApproval(s);
    });
  useEffect(refresh, []);

  const syncNow = async () => {
    const r = await sync.run(() => call('vaultSyncNow', {}));
    if (r) {
      setStatus(r);
      setDevicesKey((k) => k + 1);
      await checkApproval(r);
    }
  };
  const logOut = async () => {
    const r = await logout.run(() => call('vaultLogout', {}));
    if (r) {
      setStatus(r);
      setApproval(null);
    }
  };
  const approvalChanged = (v: VaultApprovalView) => {
    setApproval(v);
    void load.run(async () => setStatus(await call('vaultStatus', {})));
  };
  const pending = approval?.state === 'pending';

  return (
    <section aria-labelledby="vault-title" data-testid="vault-page">
      <h2 id="vault-title">{t('vault_title')}</h2>
      <p class="hint">{t('vault_intro')}</p>
      <ErrorAlert error={load.error} />
      {status === null ? null : status.connected ? (
        <>
          <div class="card" data-testid="vault-connected">
            <p>{t('vault_connected', [status.url ?? '', status.email ?? ''])}</p>
            <SyncState status={status} />
            <ErrorAlert error={sync.error ?? logout.error} />
            <div class="actions">
              <button type="button" class="primary" onClick={() => void syncNow()} disabled={sync.busy} data-testid="vault-sync-now">
                {t('vault_sync_now')}
              </button>
              <button type="button" onClick={() => void logOut()} disabled={logout.busy} data-testid="vault-logout">
                {t('vault_logout')}
              </button>
            </div>
          </div>
          {approval && pending ? <PendingDevice view={approval} onChange={approvalChanged} /> : null}
          {approval && !pending ? (
            <>
              <RecoverySecret view={approval} onChange={setApproval} />
              <PendingDevices key={`p${devicesKey}`} onApproved={() => setDevicesKey((k) => k + 1)} />
              <Devices key={`d${devicesKey}`} onSignedOut={refresh} />
              <Tombstones key={`t${devicesKey}`} />
            </>
          ) : null}
        </>
      ) : (
        <>
          <p data-testid="vault-not-connected">{t('vault_not_connected')}</p>
          <AccountForm
            status={status}
            onDone={(s) => {
              setStatus(s);
              void checkApproval(s);
            }}
          />
        </>
      )}
    </section>
  );
}
