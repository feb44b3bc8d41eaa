import { t } from '../lib/i18n';
import { StrengthMeter } from './strength-meter';

interface Props {
  value: string;
  confirm: string;
  onValue(v: string): void;
  onConfirm(v: string): void;
  /** data-testid prefix: `<prefix>`, `<prefix>-confirm`, `<prefix>-strength`. */
  testid: string;
}

/** New passphrase + confirmation with a live strength meter. */
export function NewPassphraseFields({ value, confirm, onValue, onConfirm, testid }: Props) {
  return (
    <>
      <label class="field">
        <span>{t('new_passphrase')}</span>
        <input
          type="password"
          autocomplete="new-password"
          value={value}
          onInput={(e) => onValue(e.currentTarget.value)}
          data-testid={testid}
        />
      </label>
      <StrengthMeter passphrase={value} testid={`${testid}-strength`} />
      <label class="field">
        <span>{t('confirm_passphrase')}</span>
        <input
          type="password"
          autocomplete="new-password"
          value={confirm}
          onInput={(e) => onConfirm(e.currentTarget.value)}
          data-testid={`${testid}-confirm`}
        />
      </label>
      {confirm !== '' && confirm !== value ? <p class="hint warn">{t('passphrase_mismatch')}</p> : null}
    </>
  );
}
