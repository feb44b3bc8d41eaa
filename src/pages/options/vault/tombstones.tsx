import { useEffect, useState } from 'preact/hooks';
import type { VaultTombstoneView } from '../../../shared/vault-approval-protocol';
import { ErrorAlert } from '../../components/error-alert';
import { fingerprintGroups, formatDateTime } from '../../lib/format';
import { t, uiLang } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

/** Keys deleted from the vault (tombstones), newest first, with when and from which device (VS-05). */
export function Tombstones() {
  const [list, setList] = useState<VaultTombstoneView[] | null>(null);
  const load = useAction();
  useEffect(() => {
    void load.run(async () => setList((await call('vaultTombstones', {})).tombstones));
  }, []);
  const by = (d: VaultTombstoneView) => (d.byThisDevice ? t('vaultapproval_this_device') : (d.deviceName ?? t('vaultapproval_unknown_device')));

  return (
    <div class="card" data-testid="vault-tombstones">
      <h3>{t('vaultapproval_tombstones')}</h3>
      <ErrorAlert error={load.error} />
      {list?.length === 0 ? <p class="hint">{t('vaultapproval_tombstones_none')}</p> : null}
      <ul>
        {(list ?? []).map((d) => (
          <li key={d.fingerprint} data-testid={`vault-tombstone-${d.fingerprint}`}>
            <span class="mono">{fingerprintGroups(d.fingerprint)}</span>{' '}
            <span class="hint">{t('vaultapproval_deleted_by', [formatDateTime(d.deletedAt, uiLang()), by(d)])}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
