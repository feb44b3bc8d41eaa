import { useEffect, useState } from 'preact/hooks';
import type { VaultDevice } from '../../../shared/protocol';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../lib/format';
import { t, uiLang } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

/** The account's devices, each with "Sign out this device" (the current one signs this browser out). */
export function Devices({ onSignedOut }: { onSignedOut(): void }) {
  const [devices, setDevices] = useState<VaultDevice[] | null>(null);
  const load = useAction();
  const revoke = useAction();
  useEffect(() => {
    void load.run(async () => setDevices((await call('vaultDevices', {})).devices));
  }, []);

  const signOut = async (d: VaultDevice) => {
    const r = await revoke.run(() => call('vaultRevokeDevice', { id: d.id }));
    if (!r) return;
    if (d.current) onSignedOut();
    else setDevices(r.devices);
  };

  return (
    <div class="card" data-testid="vault-devices">
      <h3>{t('vault_devices')}</h3>
      <ErrorAlert error={load.error ?? revoke.error} />
      <ul>
        {(devices ?? []).map((d) => (
          <li key={d.id} data-testid={`vault-device-${d.id}`} data-current={d.current ? 'true' : undefined}>
            <strong>{d.name}</strong>
            {d.current ? <span> ({t('vault_device_current')})</span> : null}{' '}
            <span class="hint">{t('vault_device_last_used', formatDateTime(d.lastUsedAt, uiLang()))}</span>{' '}
            <button type="button" onClick={() => void signOut(d)} disabled={revoke.busy} data-testid={`vault-device-signout-${d.id}`}>
              {t('vault_device_signout')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
