/** The confirmation window's body for importing a key a look-up found (KM-01 when `replace`). */
import type { ConfirmView } from '../../shared/confirm-protocol';
import { Fingerprint } from '../components/fingerprint';
import { SourceList } from '../compose/lookup-source';
import { formatDate } from '../lib/format';
import { t, uiLang } from '../lib/i18n';
import { UserIdList } from '../options/keys/user-id-list';

export function LookupImportView({ view }: { view: Extract<ConfirmView, { kind: 'lookupImport' }> }) {
  const lang = uiLang();
  return (
    <>
      <h1>{view.replace ? t('lookup_replace_title') : t('lookup_import_title')}</h1>
      <p data-testid="confirm-address">{t('lookup_confirm_text', view.address)}</p>
      <dl class="key-facts">
        <dt>{t('fingerprint')}</dt>
        <dd>
          <Fingerprint value={view.fingerprint} testid="confirm-fpr" />
        </dd>
        <dt>{t('algorithm')}</dt>
        <dd>{view.info.algorithm}</dd>
        <dt>{t('created')}</dt>
        <dd>{formatDate(view.info.created, lang)}</dd>
        <dt>{t('expires')}</dt>
        <dd>{view.info.expires ? formatDate(view.info.expires, lang) : t('never')}</dd>
      </dl>
      {view.info.revoked ? <p class="warning">{t('pageapi_import_revoked')}</p> : null}
      <UserIdList userIds={view.info.userIds} />
      <h3>{t('confirm_found_at')}</h3>
      <SourceList sources={view.sources} />
      {view.conflictsWith.length > 0 ? (
        <div class="warning" role="alert" data-testid="confirm-conflict">
          <p>{t('lookup_conflict', view.address)}</p>
          <p>
            {t('lookup_conflict_current')}{' '}
            {view.conflictsWith.map((f) => (
              <Fingerprint key={f} value={f} testid="confirm-current" />
            ))}
          </p>
        </div>
      ) : null}
    </>
  );
}
