import { t } from '../../lib/i18n';

/** One e-mail input per row, with add/remove buttons; at least one row stays. */
export function EmailRows({ emails, onChange }: { emails: string[]; onChange(v: string[]): void }) {
  return (
    <fieldset>
      <legend>{t('emails')}</legend>
      {emails.map((m, i) => (
        <div class="row" key={i}>
          <label class="field grow">
            <span>{t('email_n', String(i + 1))}</span>
            <input
              type="email"
              autocomplete={i === 0 ? 'email' : 'off'}
              value={m}
              onInput={(e) => onChange(emails.map((x, j) => (j === i ? e.currentTarget.value : x)))}
              data-testid={`generate-email-${i}`}
            />
          </label>
          {emails.length > 1 ? (
            <button
              type="button"
              aria-label={t('email_remove_n', String(i + 1))}
              onClick={() => onChange(emails.filter((_, j) => j !== i))}
              data-testid={`generate-email-remove-${i}`}
            >
              {t('remove')}
            </button>
          ) : null}
        </div>
      ))}
      <button type="button" onClick={() => onChange([...emails, ''])} data-testid="generate-email-add">
        {t('email_add')}
      </button>
    </fieldset>
  );
}
