import { t } from '../../lib/i18n';

export interface ExpiryValue {
  never: boolean;
  /** `YYYY-MM-DD` from the date input. */
  date: string;
}

/** A date input plus a "never" checkbox, grouped under one legend. */
export function ExpiryInput(p: { legend: string; value: ExpiryValue; onChange(v: ExpiryValue): void; testid: string }) {
  return (
    <fieldset class="expiry">
      <legend>{p.legend}</legend>
      <label class="inline">
        <input
          type="checkbox"
          checked={p.value.never}
          onChange={(e) => p.onChange({ ...p.value, never: e.currentTarget.checked })}
          data-testid={`${p.testid}-never`}
        />
        <span>{t('never_expires')}</span>
      </label>
      <label class="field">
        <span>{t('expiry_date')}</span>
        <input
          type="date"
          value={p.value.date}
          disabled={p.value.never}
          onInput={(e) => p.onChange({ ...p.value, date: e.currentTarget.value })}
          data-testid={`${p.testid}-date`}
        />
      </label>
    </fieldset>
  );
}
