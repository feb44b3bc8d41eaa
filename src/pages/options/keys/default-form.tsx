import { useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';

/** Makes this key the default for one of its own addresses. */
export function DefaultForm({ k, onChanged }: { k: KeyView; onChanged(k: KeyView): void }) {
  const [email, setEmail] = useState(k.emails.find((e) => !k.defaultFor.includes(e)) ?? k.emails[0] ?? '');
  const action = useAction();
  if (k.emails.length === 0 || k.status === 'revoked') return null;
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await action.run(async () => {
      await call('setDefaultKey', { email, fingerprint: k.fingerprint });
      return (await call('getKey', { fingerprint: k.fingerprint })).key;
    });
    if (ok) onChanged(ok);
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="default-title">
      <h4 id="default-title">{t('default_title')}</h4>
      <p data-testid="key-default-for">
        {k.defaultFor.length > 0 ? t('default_current', k.defaultFor.join(', ')) : t('default_none')}
      </p>
      <label class="field">
        <span>{t('email')}</span>
        <select value={email} onChange={(e) => setEmail(e.currentTarget.value)} data-testid="default-email">
          {k.emails.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <ErrorAlert error={action.error} />
      <button type="submit" disabled={action.busy || email === ''} data-testid="key-action-set-default">
        {t('set_default')}
      </button>
    </form>
  );
}
