import { useEffect, useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import { loadStrengthDictionary, strengthDictionaryReady, strengthView } from '../lib/strength-view';

/**
 * Live strength of a new passphrase; the text says the same as the bar for screen readers.
 * Mounting it loads the dictionaries (VS-01); until then it says it is checking.
 */
export function StrengthMeter({ passphrase, testid }: { passphrase: string; testid: string }) {
  const [, setReady] = useState(strengthDictionaryReady());
  useEffect(() => {
    let live = true;
    void loadStrengthDictionary().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, []);
  const v = strengthView(passphrase);
  return (
    <div class="strength" data-testid={testid} data-score={v.score} data-acceptable={String(v.acceptable)} data-ready={String(v.ready)}>
      <meter min={0} max={100} low={41} high={61} optimum={100} value={v.percent} aria-hidden="true" />
      <span aria-live="polite">
        {passphrase === '' ? t('strength_empty') : t(v.labelKey)}
        {passphrase !== '' && !v.ready ? ` — ${t('strength_checking')}` : ''}
        {passphrase !== '' && v.ready && !v.acceptable ? ` — ${t('passphrase_too_weak')}` : ''}
      </span>
      {passphrase !== '' && v.warningKey !== null ? (
        <p class="strength-warning" data-testid={`${testid}-warning`} data-warning={v.warningKey}>
          {t(v.warningKey)}
        </p>
      ) : null}
      {passphrase !== '' && v.tipKeys.length > 0 ? (
        <ul class="strength-tips" data-testid={`${testid}-tips`}>
          {v.tipKeys.map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
