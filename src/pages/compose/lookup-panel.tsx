/**
 * "Look up" in the secure editor (issue 5 §1): asks the background to search the key
 * directories for the recipients and shows each found key with its source and fingerprint.
 * Nothing is imported without the user's confirmation, given in a Cachet window and not in
 * this frame, which the webmail could hide or cover (PI-03); a key that differs from the one
 * stored for an address is shown as a conflict (KM-01).
 */
import { useState } from 'preact/hooks';
import type { LookupResult, LookupSource } from '../../shared/lookup-protocol';
import { ErrorAlert } from '../components/error-alert';
import { waitForConfirmation } from '../lib/confirmation';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';
import { LookupFoundKey } from './lookup-found';

interface Props {
  /** Recipient addresses as typed (bare addresses or "Name <addr>"). */
  addresses: string[];
  /** Those without a usable key (highlighted). */
  missing: string[];
  /** Called after a key was imported, so the recipients are resolved again. */
  onImported(): void;
}

function bare(a: string): string {
  return (/<([^<>]+)>\s*$/.exec(a)?.[1] ?? a).trim().toLowerCase();
}

export function LookupPanel({ addresses, missing, onImported }: Props) {
  const [results, setResults] = useState<LookupResult[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [waiting, setWaiting] = useState<'window' | 'cancelled' | null>(null);
  const emails = [...new Set(addresses.map(bare).filter((a) => /^[^\s@<>]+@[^\s@<>]+$/.test(a)))].slice(0, 20);

  const lookUp = async () => {
    setBusy(true);
    setError(null);
    try {
      setResults((await call('lookupKeys', { emails })).results);
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  const importKey = async (address: string, armored: string, fingerprint: string, replace: boolean, sources: LookupSource[]) => {
    setBusy(true);
    setError(null);
    try {
      const { confirmationId } = await call('askLookupImport', { address, armored, fingerprint, replace, sources });
      setWaiting('window');
      const outcome = await waitForConfirmation(confirmationId);
      setWaiting(outcome.state === 'refused' ? 'cancelled' : null);
      if (outcome.state === 'failed') setError({ code: outcome.error ?? 'INTERNAL' });
      if (outcome.state !== 'approved') return;
      setResults((await call('lookupKeys', { emails })).results);
      onImported();
    } catch (e) {
      setWaiting(null);
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (emails.length === 0) return null;
  return (
    <section class="lookup-panel" data-testid="lookup-panel">
      <button type="button" disabled={busy} onClick={() => void lookUp()} data-testid="lookup-run">
        {missing.length > 0 ? t('lookup_run_missing') : t('lookup_run')}
      </button>
      {waiting === 'window' ? (
        <p role="status" class="hint" data-testid="lookup-in-window">
          {t('confirm_in_window')}
        </p>
      ) : null}
      {waiting === 'cancelled' ? (
        <p role="status" class="muted" data-testid="lookup-cancelled">
          {t('confirm_cancelled')}
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {results?.map((r) => (
        <div key={r.address} class="lookup-result" data-testid="lookup-result" data-address={r.address}>
          <h4>{r.address}</h4>
          {r.found.length === 0 ? <p class="muted" data-testid="lookup-none">{t('lookup_none')}</p> : null}
          <ul>
            {r.found.map((f) => (
              <LookupFoundKey key={f.fingerprint} address={r.address} found={f} busy={busy} onImport={(replace) => void importKey(r.address, f.armored, f.fingerprint, replace, f.sources)} />
            ))}
          </ul>
          {r.errors.length > 0 ? <p class="muted" data-testid="lookup-errors">{t('lookup_some_failed', r.errors.map((e) => e.source).join(', '))}</p> : null}
        </div>
      ))}
    </section>
  );
}
