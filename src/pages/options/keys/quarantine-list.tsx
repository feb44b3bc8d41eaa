import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../lib/format';
import { t, uiLang } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { QuarantinedView } from '../../../shared/protocol';

/** Stored records that failed to parse (DS-06): shown with the reason so the user can delete them. */
export function QuarantineList({ items, onChanged }: { items: QuarantinedView[]; onChanged(): void }) {
  return (
    <section aria-labelledby="quarantine-title" class="quarantine">
      <h3 id="quarantine-title">{t('quarantine_title')}</h3>
      <p class="hint">{t('quarantine_hint')}</p>
      <ul class="plain">
        {items.map((q) => (
          <QuarantineItem key={q.id} item={q} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function QuarantineItem({ item, onChanged }: { item: QuarantinedView; onChanged(): void }) {
  const del = useAction();
  return (
    <li class="card" data-testid={`quarantine-row-${item.id}`}>
      <p>
        {item.fingerprint ? <code class="fpr">{item.fingerprint}</code> : t('unknown_key')} —{' '}
        {formatDateTime(item.quarantinedAt, uiLang())}
      </p>
      <p>
        {t('quarantine_reason')}: <span>{item.reason}</span>
      </p>
      <ErrorAlert error={del.error} />
      <button
        type="button"
        class="danger"
        disabled={del.busy}
        data-testid={`quarantine-delete-${item.id}`}
        onClick={async () => {
          const ok = await del.run(() => call('deleteQuarantined', { id: item.id }));
          if (ok !== undefined) onChanged();
        }}
      >
        {t('delete')}
      </button>
    </li>
  );
}
