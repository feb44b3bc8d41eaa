import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/error-alert';
import { Fingerprint } from '../../components/fingerprint';
import { StatusBadge } from '../../components/status-badge';
import { formatDate, keyLabel } from '../../lib/format';
import { REASON_LABEL } from '../../lib/labels';
import { t, uiLang } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';
import { ChangePassphraseForm } from './change-passphrase-form';
import { DefaultForm } from './default-form';
import { DeleteSection } from './delete-section';
import { ExpiryForm } from './expiry-form';
import { ExportSection } from './export-section';
import { RevocationCertSection } from './revocation-cert-section';
import { RevokeForm } from './revoke-form';
import { PublishSection } from './publish-section';
import { SubkeyList } from './subkey-list';
import { UserIdList } from './user-id-list';

/** One key: identity, subkeys, and every lifecycle action. Each action reports its own errors. */
export function KeyDetailPage({ fingerprint, onDeleted }: { fingerprint: string; onDeleted(): void }) {
  const [k, setK] = useState<KeyView | null>(null);
  const load = useAction();
  useEffect(() => {
    void load.run(async () => setK((await call('getKey', { fingerprint })).key));
  }, [fingerprint]);

  if (!k) {
    return (
      <section>
        <p>
          <a href="#/keys">{t('back_to_keys')}</a>
        </p>
        <ErrorAlert error={load.error} />
        {load.busy ? <p aria-busy="true">{t('loading')}</p> : null}
      </section>
    );
  }
  const lang = uiLang();
  const secret = k.hasSecret;
  const live = k.status !== 'revoked';
  return (
    <section aria-labelledby="key-title" data-testid={`key-detail-${k.fingerprint}`}>
      <p>
        <a href="#/keys">{t('back_to_keys')}</a>
      </p>
      <h2 id="key-title">{keyLabel(k)}</h2>
      <div class="key-head">
        <StatusBadge status={k.status} />
        <span class="badge">{secret ? t('has_secret') : t('public_only')}</span>
      </div>
      <Fingerprint value={k.fingerprint} testid="key-fingerprint" />
      <dl class="facts">
        <dt>{t('algorithm')}</dt>
        <dd>
          {k.algorithm} (v{k.version})
        </dd>
        <dt>{t('created')}</dt>
        <dd>{formatDate(k.created, lang)}</dd>
        <dt>{t('expires')}</dt>
        <dd data-testid="key-expires">{k.expires ? formatDate(k.expires, lang) : t('never')}</dd>
        {k.revocationReason ? (
          <>
            <dt>{t('revocation_reason')}</dt>
            <dd>{t(REASON_LABEL[k.revocationReason])}</dd>
          </>
        ) : null}
      </dl>
      <UserIdList userIds={k.userIds} />
      <SubkeyList subkeys={k.subkeys} />
      <h3>{t('actions')}</h3>
      <div class="action-grid">
      <ExportSection k={k} />
      <DefaultForm k={k} onChanged={setK} />
      {secret && live ? <ChangePassphraseForm k={k} onChanged={setK} /> : null}
      {secret && live ? <ExpiryForm k={k} onChanged={setK} /> : null}
      {secret && live ? <RevokeForm k={k} onChanged={setK} /> : null}
      {secret ? <PublishSection k={k} /> : null}
      <RevocationCertSection k={k} onChanged={setK} />
      <DeleteSection k={k} onDeleted={onDeleted} />
      </div>
    </section>
  );
}
