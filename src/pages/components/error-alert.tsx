import { errorText, t } from '../lib/i18n';
import type { UiError } from '../lib/ui-error';

/** Shown right next to the form that failed; never a stack, only translated text and a safe detail. */
export function ErrorAlert({ error }: { error: UiError | null }) {
  if (!error) return null;
  const text = 'key' in error ? t(error.key) : errorText(error.code);
  const detail = 'code' in error ? error.detail : undefined;
  return (
    <div class="alert" role="alert" data-testid="error" data-code={'code' in error ? error.code : undefined}>
      <span>{text}</span>
      {detail ? <span class="alert-detail"> ({detail})</span> : null}
    </div>
  );
}
