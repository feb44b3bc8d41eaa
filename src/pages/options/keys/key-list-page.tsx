import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { call, type Res } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import { KeyRow } from './key-row';
import { QuarantineList } from './quarantine-list';

/** The keyring: one row per key, then records that failed to parse (DS-06). */
export function KeyListPage() {
  const [data, setData] = useState<Res<'listKeys'> | null>(null);
  const load = useAction();
  const refresh = () => load.run(async () => setData(await call('listKeys', {})));
  useEffect(() => {
    void refresh();
  }, []);

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">{t('keys_title')}</h2>
      <ErrorAlert error={load.error} />
      {data === null && load.busy ? <p aria-busy="true">{t('loading')}</p> : null}
      {data && data.keys.length === 0 ? (
        <p data-testid="keys-empty">
          {t('keys_empty')} <a href="#/generate">{t('nav_generate')}</a> · <a href="#/import">{t('nav_import')}</a>
        </p>
      ) : null}
      {data && data.keys.length > 0 ? (
        <ul class="key-list" data-testid="key-list">
          {data.keys.map((k) => (
            <KeyRow key={k.fingerprint} keyView={k} />
          ))}
        </ul>
      ) : null}
      {data && data.quarantined.length > 0 ? <QuarantineList items={data.quarantined} onChanged={refresh} /> : null}
    </section>
  );
}
