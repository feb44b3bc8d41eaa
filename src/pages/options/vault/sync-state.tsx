import type { VaultStatus } from '../../../shared/protocol';
import { errorText, t, uiLang } from '../../lib/i18n';
import { relativeTime } from './relative-time';

/** One line: "Synced 2 minutes ago", "Sync failed: …", or that sync is off (options page and popup). */
export function SyncState({ status }: { status: VaultStatus }) {
  if (!status.connected) {
    return (
      <p class="hint" data-testid="vault-sync-state" data-state="off">
        {t('vault_sync_off')}
      </p>
    );
  }
  const err = status.lastError;
  return (
    <p class="hint" data-testid="vault-sync-state" data-state={err ? 'error' : status.lastSyncAt ? 'synced' : 'never'} data-code={err?.code}>
      {err ? (
        <span role="status">
          {t('vault_sync_failed')} {errorText(err.code)}
        </span>
      ) : status.lastSyncAt ? (
        <span title={status.lastSyncAt}>{t('vault_synced_at', relativeTime(status.lastSyncAt, Date.now(), uiLang()))}</span>
      ) : (
        <span>{t('vault_never_synced')}</span>
      )}
      {status.pending > 0 ? (
        <span data-testid="vault-pending"> · {t('vault_pending', String(status.pending))}</span>
      ) : null}
    </p>
  );
}
