import { t } from '../lib/i18n';
import { strengthView } from '../lib/strength-view';

/** Live strength of a new passphrase; the text says the same as the bar for screen readers. */
export function StrengthMeter({ passphrase, testid }: { passphrase: string; testid: string }) {
  const v = strengthView(passphrase);
  return (
    <div class="strength" data-testid={testid} data-score={v.score} data-acceptable={String(v.acceptable)}>
      <meter min={0} max={100} low={41} high={61} optimum={100} value={v.percent} aria-hidden="true" />
      <span aria-live="polite">
        {passphrase === '' ? t('strength_empty') : t(v.labelKey)}
        {passphrase !== '' && !v.acceptable ? ` — ${t('passphrase_too_weak')}` : ''}
      </span>
    </div>
  );
}
