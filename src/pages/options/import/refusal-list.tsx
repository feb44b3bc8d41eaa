import { errorText, t } from '../../lib/i18n';
import type { ImportRefusal } from '../../../shared/protocol';

/** Keys left out, each with its translated reason. */
export function RefusalList({ refused, testid }: { refused: ImportRefusal[]; testid: string }) {
  if (refused.length === 0) return null;
  return (
    <section aria-label={t('import_refused')}>
      <h4>{t('import_refused')}</h4>
      <ul class="plain" data-testid={testid}>
        {refused.map((r, i) => (
          <li key={i} data-code={r.code}>
            <code>{r.label}</code>: {errorText(r.code)}
            {r.detail ? <span class="muted"> ({r.detail})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
