/**
 * "Look up" in the secure editor (issue 5 §1): asks the background to search the key
 * directories for the recipients and shows each found key with its source and fingerprint.
 * Nothing is imported without the user's confirmation; a key that differs from the one
 * stored for an address is shown as a conflict (KM-01).
 */
import { useState } from 'preact/hooks';
import type { LookupResult } from '../../shared/lookup-protocol';
import { ErrorAlert } from '../components/error-alert';
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

  const importKey = async (address: string, armored: string, fingerprint: string, replace: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await call('importFoundKey', { address, armored, fingerprint, replace });
      setResults((await call('lookupKeys', { emails })).results);
      onImported();
    } catch (e) {
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
      <ErrorAlert error={error} />
      {results?.map((r) => (
        <div key={r.address} class="lookup-result" data-testid="lookup-result" data-address={r.address}>
          <h4>{r.address}</h4>
          {r.found.length === 0 ? <p class="muted" data-testid="lookup-none">{t('lookup_none')}</p> : null}
          <ul>
            {r.found.map((f) => (
              <LookupFoundKey key={f.fingerprint} address={r.address} found={f} busy={busy} onImport={(replace) => void importKey(r.address, f.armored, f.fingerprint, replace)} />
            ))}
          </ul>
          {r.errors.length > 0 ? <p class="muted" data-testid="lookup-errors">{t('lookup_some_failed', r.errors.map((e) => e.source).join(', '))}</p> : null}
        </div>
      ))}
    </section>
  );
}
