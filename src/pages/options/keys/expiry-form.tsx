import { useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/error-alert';
import { usePassphraseRunner } from '../../components/passphrase-context';
import { fromDateInput, keyLabel, shortFingerprint, toDateInput } from '../../lib/format';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';
import { ExpiryInput, type ExpiryValue } from './expiry-input';

function initial(expires: string | null): ExpiryValue {
  return { never: expires === null, date: toDateInput(expires) };
}

/** `null` = never; `undefined` = invalid or in the past. */
function toIso(v: ExpiryValue, now: Date): string | null | undefined {
  if (v.never) return null;
  const iso = fromDateInput(v.date);
  return iso !== null && new Date(iso) > now ? iso : undefined;
}

/** Changes the expiry of the primary key and of each subkey in one new self-signature set. */
export function ExpiryForm({ k, onChanged }: { k: KeyView; onChanged(k: KeyView): void }) {
  const [primary, setPrimary] = useState(initial(k.expires));
  const [subs, setSubs] = useState(() => k.subkeys.filter((s) => !s.revoked).map((s) => ({ fpr: s.fingerprint, v: initial(s.expires) })));
  const [done, setDone] = useState(false);
  const action = useAction();
  const withPass = usePassphraseRunner();

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    const now = new Date();
    const expiresAt = toIso(primary, now);
    const subkeys = subs.map((s) => ({ fingerprint: s.fpr, expiresAt: toIso(s.v, now) }));
    if (expiresAt === undefined || subkeys.some((s) => s.expiresAt === undefined)) {
      return action.setError({ key: 'expiry_invalid' });
    }
    const valid = subkeys as Array<{ fingerprint: string; expiresAt: string | null }>;
    const r = await action.run(() =>
      withPass(k.fingerprint, keyLabel(k), (passphrase) =>
        call('setExpiry', { fingerprint: k.fingerprint, passphrase, expiresAt, subkeys: valid }),
      ),
    );
    if (r) {
      setDone(true);
      onChanged(r.value.key);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="expiry-title">
      <h4 id="expiry-title">{t('expiry_title')}</h4>
      <ExpiryInput legend={t('primary_key')} value={primary} onChange={setPrimary} testid="expiry-primary" />
      {subs.map((s, i) => (
        <ExpiryInput
          key={s.fpr}
          legend={t('subkey_named', shortFingerprint(s.fpr))}
          value={s.v}
          onChange={(v) => setSubs(subs.map((x, j) => (j === i ? { ...x, v } : x)))}
          testid={`expiry-subkey-${i}`}
        />
      ))}
      <ErrorAlert error={action.error} />
      {done ? (
        <p role="status" class="ok" data-testid="expiry-done">
          {t('expiry_changed')}
        </p>
      ) : null}
      <button type="submit" disabled={action.busy} data-testid="key-action-set-expiry">
        {t('expiry_save')}
      </button>
    </form>
  );
}
