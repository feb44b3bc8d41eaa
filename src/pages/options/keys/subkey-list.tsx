import type { SubkeyInfo } from '../../../core/keys/model';
import { formatDate, shortFingerprint } from '../../lib/format';
import { t, uiLang } from '../../lib/i18n';

export function SubkeyList({ subkeys }: { subkeys: SubkeyInfo[] }) {
  const lang = uiLang();
  if (subkeys.length === 0) return null;
  return (
    <section aria-labelledby="subkeys-title">
      <h3 id="subkeys-title">{t('subkeys')}</h3>
      <table class="subkeys" data-testid="key-subkeys">
        <thead>
          <tr>
            <th scope="col">{t('fingerprint')}</th>
            <th scope="col">{t('usage')}</th>
            <th scope="col">{t('algorithm')}</th>
            <th scope="col">{t('expires')}</th>
          </tr>
        </thead>
        <tbody>
          {subkeys.map((s) => (
            <tr key={s.fingerprint} data-testid={`subkey-row-${s.fingerprint}`}>
              <td>
                <code class="fpr" title={s.fingerprint}>
                  {shortFingerprint(s.fingerprint)}
                </code>
              </td>
              <td>{s.usage.map((u) => t(`usage_${u}`)).join(', ')}</td>
              <td>{s.algorithm}</td>
              <td>
                {s.revoked ? t('status_revoked') : s.expires ? formatDate(s.expires, lang) : t('never')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
