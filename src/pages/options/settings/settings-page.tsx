import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/error-alert';
import { LockStatus } from '../../components/lock-status';
import { t } from '../../lib/i18n';
import { CACHE_MINUTES } from '../../lib/lock';
import { KeyServersSection } from './keyservers-section';
import { SecurityTokenSection } from './security-token-section';
import { call, type Res } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

export function SettingsPage() {
  const [minutes, setMinutes] = useState<number | null>(null);
  const [autoDecrypt, setAutoDecrypt] = useState(false);
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState<Res<'getStatus'> | null>(null);
  const load = useAction();
  const save = useAction();
  const lock = useAction();

  useEffect(() => {
    void load.run(async () => {
      const s = await call('getSettings', {});
      setMinutes(s.passphraseCacheMinutes);
      setAutoDecrypt(s.autoDecrypt === true);
      setStatus(await call('getStatus', {}));
    });
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (minutes === null) return;
    setSaved(false);
    const r = await save.run(async () => {
      const s = await call('setSettings', { passphraseCacheMinutes: minutes, autoDecrypt });
      // Saving a shorter time (or "never") locks keys in the background: show that at once.
      setStatus(await call('getStatus', {}));
      return s;
    });
    if (r) {
      setMinutes(r.passphraseCacheMinutes);
      setAutoDecrypt(r.autoDecrypt === true);
      setSaved(true);
    }
  };

  const lockNow = async () => {
    const r = await lock.run(async () => {
      await call('lockAll', {});
      return call('getStatus', {});
    });
    if (r) setStatus(r);
  };

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings_title')}</h2>
      <ErrorAlert error={load.error} />
      <form class="card" onSubmit={submit}>
        <label class="field">
          <span>{t('cache_duration')}</span>
          <select
            value={minutes === null ? '' : String(minutes)}
            disabled={minutes === null}
            onChange={(e) => {
              setSaved(false);
              setMinutes(Number(e.currentTarget.value));
            }}
            data-testid="settings-cache-minutes"
          >
            {CACHE_MINUTES.map((m) => (
              <option key={m} value={String(m)}>
                {m === 0 ? t('cache_never') : t('cache_minutes', String(m))}
              </option>
            ))}
          </select>
        </label>
        <p class="hint">{t('cache_hint')}</p>
        <label class="field checkbox">
          <input
            type="checkbox"
            checked={autoDecrypt}
            disabled={minutes === null}
            onChange={(e) => {
              setSaved(false);
              setAutoDecrypt(e.currentTarget.checked);
            }}
            data-testid="settings-auto-decrypt"
          />
          <span>{t('settings_auto_decrypt')}</span>
        </label>
        <p class="hint">{t('settings_auto_decrypt_hint')}</p>
        <ErrorAlert error={save.error} />
        {saved ? (
          <p role="status" class="ok" data-testid="settings-saved">
            {t('saved')}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={save.busy || minutes === null} data-testid="settings-save">
          {t('save')}
        </button>
      </form>
      <KeyServersSection />
      <SecurityTokenSection />
      <div class="card">
        <h3>{t('lock_title')}</h3>
        {status ? <LockStatus unlocked={status.unlocked} /> : null}
        <ErrorAlert error={lock.error} />
        <button type="button" onClick={lockNow} disabled={lock.busy} data-testid="lock-now">
          {t('lock_now')}
        </button>
      </div>
    </section>
  );
}
