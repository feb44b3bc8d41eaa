/**
 * The key-generation container of the page API (Mailvelope's `createKeyGenContainer`), a
 * Cachet frame at the page's selector. The user sees the user IDs the page proposed and
 * types the passphrase here (strength meter, confirmation); the page's `generate()` only
 * ARMS the Generate button below, and the key is made when the user presses it (PI-04: a
 * private-key operation needs a gesture in our frame). The page then gets the public key.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PageApiKeyGenView } from '../../shared/page-api-keyring-protocol';
import { ext as extApi } from '../../shared/api';
import { ErrorAlert } from '../components/error-alert';
import { Fingerprint } from '../components/fingerprint';
import { NewPassphraseFields } from '../components/new-passphrase-fields';
import { SecurityToken } from '../components/security-token';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { newPassphraseProblem } from '../lib/strength-view';
import { toUiError, type UiError } from '../lib/ui-error';

function isNotice(m: unknown, sessionId: string): boolean {
  const n = m as { cachetPageApiFrame?: unknown; sessionId?: unknown } | null;
  return typeof n === 'object' && n !== null && n.cachetPageApiFrame === 1 && n.sessionId === sessionId;
}

export function KeyGenApp({ sessionId }: { sessionId: string }) {
  const [view, setView] = useState<PageApiKeyGenView | null>(null);
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    let inFlight = false;
    const refresh = () => {
      // A page can post wake-ups too (it sees our frame); each only makes us ask the background.
      if (inFlight) return;
      inFlight = true;
      void call('getPageApiKeyGen', { sessionId })
        .then(setView, (e: unknown) => setError(toUiError(e)))
        .finally(() => {
          inFlight = false;
        });
    };
    refresh();
    const onMessage = (m: unknown) => {
      if (isNotice(m, sessionId)) refresh();
    };
    // Firefox delivers no runtime broadcast to an extension frame inside a web page: the bridge
    // posts a wake-up into this frame. Nothing in the event is used as data.
    const onWake = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const d = e.data as { cachetPageApiWake?: unknown } | null;
      if (typeof d === 'object' && d !== null && d.cachetPageApiWake === sessionId) refresh();
    };
    extApi.runtime.onMessage.addListener(onMessage);
    window.addEventListener('message', onWake);
    return () => {
      window.removeEventListener('message', onWake);
      extApi.runtime.onMessage.removeListener(onMessage);
    };
  }, [sessionId]);

  const generate = (e: Event) => {
    e.preventDefault();
    if (!view?.requestId) return;
    const problem = newPassphraseProblem(pass, confirm);
    if (problem) return setError({ key: problem });
    setBusy(true);
    setError(null);
    call('generatePageApiKey', { sessionId, requestId: view.requestId, passphrase: pass })
      .then(
        (r) => {
          setPass('');
          setConfirm('');
          setView({ ...view, step: 'generated', requestId: null, fingerprint: r.fingerprint });
        },
        (err: unknown) => setError(toUiError(err)),
      )
      .finally(() => setBusy(false));
  };

  if (!view) return <ErrorAlert error={error} />;
  const made = view.fingerprint !== null;
  return (
    <form class="page-api-keygen" data-testid="page-api-keygen" data-step={view.step} onSubmit={generate}>
      <SecurityToken />
      <p>
        {t('pageapi_keygen_for', view.origin)}{' '}
      </p>
      <ul class="plain" data-testid="page-api-keygen-uids">
        {view.userIds.map((u) => (
          <li key={u.email}>{u.name ? `${u.name} <${u.email}>` : u.email}</li>
        ))}
      </ul>
      {made ? (
        <p data-testid="page-api-keygen-done">
          {t('pageapi_keygen_done')} <Fingerprint value={view.fingerprint ?? ''} testid="page-api-keygen-fpr" />
        </p>
      ) : (
        <>
          <NewPassphraseFields value={pass} confirm={confirm} onValue={setPass} onConfirm={setConfirm} testid="page-api-keygen-pass" />
          <p class="muted" data-testid="page-api-keygen-hint">
            {view.step === 'armed' ? t('pageapi_keygen_armed', view.origin) : t('pageapi_keygen_idle')}
          </p>
          <button type="submit" class="primary" disabled={busy || view.step !== 'armed' || newPassphraseProblem(pass, confirm) !== null} data-testid="page-api-keygen-generate">
            {busy ? t('pageapi_keygen_busy') : t('pageapi_keygen_generate')}
          </button>
        </>
      )}
      <ErrorAlert error={error} />
    </form>
  );
}
