import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from '../components/error-alert';
import { LockStatus } from '../components/lock-status';
import { ext } from '../lib/ext';
import { keyLabel, shortFingerprint } from '../lib/format';
import { t } from '../lib/i18n';
import { call, type Res } from '../lib/rpc';
import { useAction } from '../lib/use-action';
import { SyncState } from '../options/vault/sync-state';
import { AdapterStatusNote } from './adapter-status';
import { SiteToggle } from './site-toggle';
import { PageApiToggle } from './page-api-toggle';

/** Toolbar popup: lock state, default key, "Lock now", and the way to the options page. */
export function Popup() {
  const [status, setStatus] = useState<Res<'getStatus'> | null>(null);
  const [vault, setVault] = useState<Res<'vaultStatus'> | null>(null);
  const load = useAction();
  const lock = useAction();
  useEffect(() => {
    void load.run(async () => setStatus(await call('getStatus', {})));
    // The sync line is secondary: a failure here must not hide the lock state.
    void call('vaultStatus', {}).then(setVault, () => undefined);
  }, []);

  const lockNow = async () => {
    const r = await lock.run(async () => {
      await call('lockAll', {});
      return call('getStatus', {});
    });
    if (r) setStatus(r);
  };

  const d = status?.defaultKey ?? null;
  return (
    <main class="popup">
      <h1>{t('extName')}</h1>
      <ErrorAlert error={load.error} />
      {status ? (
        <>
          <LockStatus unlocked={status.unlocked} />
          <div class="card" data-testid="popup-default-key">
            <h2>{t('default_key')}</h2>
            {d ? (
              <>
                <p>{keyLabel(d)}</p>
                <code class="fpr" title={d.fingerprint}>
                  {shortFingerprint(d.fingerprint)}
                </code>
              </>
            ) : (
              <p>{status.keyCount === 0 ? t('popup_no_keys') : t('default_none')}</p>
            )}
          </div>
        </>
      ) : null}
      {vault ? <SyncState status={vault} /> : null}
      <AdapterStatusNote />
      <SiteToggle />
      <PageApiToggle />
      <ErrorAlert error={lock.error} />
      <div class="actions">
        <button type="button" onClick={lockNow} disabled={lock.busy} data-testid="lock-now">
          {t('lock_now')}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="popup-open-options"
          onClick={() => {
            void ext()
              .runtime.openOptionsPage()
              .then(() => window.close());
          }}
        >
          {t('open_options')}
        </button>
      </div>
    </main>
  );
}
