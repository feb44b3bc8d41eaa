/** The confirmation window's body for a webmail's page-API encrypt request (PI-04). */
import type { ConfirmView } from '../../shared/confirm-protocol';
import { Fingerprint } from '../components/fingerprint';
import { t } from '../lib/i18n';

export function PageApiEncryptView({ view }: { view: Extract<ConfirmView, { kind: 'pageApiEncrypt' }> }) {
  return (
    <>
      <h1>{t('confirm_encrypt_title')}</h1>
      {view.origin ? (
        <p>
          {t('confirm_encrypt_site')} <strong data-testid="confirm-origin">{view.origin}</strong>
        </p>
      ) : null}
      <p>
        <strong>{t('pageapi_request')}</strong>
      </p>
      <ul data-testid="confirm-recipients">
        {view.recipients.map((r) => (
          <li key={r.address} data-address={r.address}>
            {r.address} {r.fingerprint ? <Fingerprint value={r.fingerprint} /> : <span class="warning">{t('pageapi_missing_key')}</span>}
          </li>
        ))}
      </ul>
      <p class="hint">{t('pageapi_request_help')}</p>
      <p data-testid="confirm-sign">{view.sign ? t('confirm_encrypt_signed') : t('confirm_encrypt_unsigned')}</p>
    </>
  );
}
