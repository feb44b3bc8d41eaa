import { Fingerprint } from '../../components/fingerprint';
import { StatusBadge } from '../../components/status-badge';
import { formatDate, mainUserId } from '../../lib/format';
import { t, uiLang } from '../../lib/i18n';
import type { KeyView } from '../../../shared/protocol';

/** One key in the list; the name links to its detail page. User IDs are rendered as text only. */
export function KeyRow({ keyView: k }: { keyView: KeyView }) {
  const lang = uiLang();
  const uid = mainUserId(k);
  return (
    <li class="card key-row" data-testid={`key-row-${k.fingerprint}`}>
      <div class="key-row-head">
        <a href={`#/key/${k.fingerprint}`} class="key-name" data-testid={`key-open-${k.fingerprint}`}>
          {uid ? uid.name || uid.email || uid.userId : t('no_user_id')}
        </a>
        {uid?.email && uid.name ? <span class="muted"> &lt;{uid.email}&gt;</span> : null}
        <StatusBadge status={k.status} />
        {k.hasSecret ? (
          <span class="badge badge-secret" data-testid="key-has-secret">
            {t('has_secret')}
          </span>
        ) : (
          <span class="badge badge-public">{t('public_only')}</span>
        )}
      </div>
      <Fingerprint value={k.fingerprint} />
      <dl class="facts">
        <dt>{t('algorithm')}</dt>
        <dd>{k.algorithm}</dd>
        <dt>{t('created')}</dt>
        <dd>{formatDate(k.created, lang)}</dd>
        <dt>{t('expires')}</dt>
        <dd>{k.expires ? formatDate(k.expires, lang) : t('never')}</dd>
        {k.defaultFor.length > 0 ? (
          <>
            <dt>{t('default_for')}</dt>
            <dd data-testid="key-default-for">{k.defaultFor.join(', ')}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}
