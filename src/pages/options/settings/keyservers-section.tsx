/**
 * Key servers (issue 5 §1/§3): opt-in list of VKS or HKP servers used to look keys up and,
 * when the user asks on a key's page, to publish. Empty by default. Also the switches for
 * WKD and the vault's key directory.
 */
import { useEffect, useState } from 'preact/hooks';
import type { KeyServerKind, LookupSettings } from '../../../shared/lookup-protocol';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

export function KeyServersSection() {
  const load = useAction();
  const save = useAction();
  const [settings, setSettings] = useState<LookupSettings | null>(null);
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<KeyServerKind>('vks');

  useEffect(() => {
    void load.run(async () => setSettings(await call('getLookupSettings', {})));
  }, []);

  const store = (next: LookupSettings) =>
    save.run(async () => {
      setSettings(await call('setLookupSettings', next));
      setUrl('');
    });

  if (!settings) return <ErrorAlert error={load.error} />;
  return (
    <div class="card" data-testid="keyservers-section">
      <h3>{t('keyservers_title')}</h3>
      <p class="hint">{t('keyservers_hint')}</p>
      <label class="field checkbox">
        <input type="checkbox" checked={settings.wkd} onChange={(e) => void store({ ...settings, wkd: e.currentTarget.checked })} data-testid="keyservers-wkd" />
        <span>{t('keyservers_wkd')}</span>
      </label>
      <label class="field checkbox">
        <input type="checkbox" checked={settings.vaultDirectory} onChange={(e) => void store({ ...settings, vaultDirectory: e.currentTarget.checked })} data-testid="keyservers-vault" />
        <span>{t('keyservers_vault')}</span>
      </label>
      <ul>
        {settings.keyServers.map((s) => (
          <li key={s.url} data-testid="keyserver">
            {s.url} ({s.kind.toUpperCase()}){' '}
            <button type="button" onClick={() => void store({ ...settings, keyServers: settings.keyServers.filter((x) => x.url !== s.url) })} data-testid="keyserver-remove">
              {t('keyservers_remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) void store({ ...settings, keyServers: [...settings.keyServers, { url: url.trim(), kind }] });
        }}
      >
        <label class="field">
          <span>{t('keyservers_url')}</span>
          <input type="url" value={url} placeholder="https://keys.openpgp.org" onInput={(e) => setUrl(e.currentTarget.value)} data-testid="keyserver-url" />
        </label>
        <label class="field">
          <span>{t('keyservers_kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as KeyServerKind)} data-testid="keyserver-kind">
            <option value="vks">VKS (keys.openpgp.org)</option>
            <option value="hkp">HKP</option>
          </select>
        </label>
        <ErrorAlert error={save.error} />
        <button type="submit" disabled={save.busy} data-testid="keyserver-add">
          {t('keyservers_add')}
        </button>
      </form>
    </div>
  );
}
