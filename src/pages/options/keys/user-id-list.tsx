import type { UserIdInfo } from '../../../core/keys/model';
import { t } from '../../lib/i18n';
import { LookalikeBadge } from '../../components/lookalike-badge';

/** User IDs as plain text (KM-04): Preact escapes text; the background already neutralised bidi/control chars. */
export function UserIdList({ userIds }: { userIds: UserIdInfo[] }) {
  return (
    <section aria-labelledby="uid-title">
      <h3 id="uid-title">{t('user_ids')}</h3>
      <ul class="plain" data-testid="key-user-ids">
        {userIds.map((u, i) => (
          <li key={i} data-testid={`key-user-id-${i}`}>
            <span class={u.revoked ? 'revoked' : undefined}>{u.userId}</span>
            {u.primary ? <span class="badge">{t('primary')}</span> : null}
            {u.revoked ? <span class="badge badge-revoked">{t('status_revoked')}</span> : null}
            <LookalikeBadge show={u.lookalike} readsAs={u.lookalikeReadsAs} testid={`uid-lookalike-${i}`} />
            {u.sanitized ? (
              <span class="badge badge-warn" title={t('uid_sanitized_hint')} data-testid="uid-sanitized">
                ⚠ {t('uid_sanitized')}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
