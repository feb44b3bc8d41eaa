import type { RevocationReason } from '../../../core/keys/model';
import { REASON_LABEL } from '../../lib/labels';
import { t } from '../../lib/i18n';

export const REASONS: RevocationReason[] = ['no-reason', 'superseded', 'compromised', 'retired'];

/** RFC 9580 §5.2.3.31 reason for revocation, plus a free-text message. */
export function ReasonFields(p: {
  reason: RevocationReason;
  message: string;
  onReason(r: RevocationReason): void;
  onMessage(m: string): void;
  testid: string;
}) {
  return (
    <>
      <label class="field">
        <span>{t('revocation_reason')}</span>
        <select
          value={p.reason}
          onChange={(e) => p.onReason(e.currentTarget.value as RevocationReason)}
          data-testid={`${p.testid}-reason`}
        >
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t(REASON_LABEL[r])}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('revocation_message')}</span>
        <textarea rows={2} value={p.message} onInput={(e) => p.onMessage(e.currentTarget.value)} data-testid={`${p.testid}-message`} />
      </label>
    </>
  );
}
