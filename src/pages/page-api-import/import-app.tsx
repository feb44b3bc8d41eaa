/**
 * The confirmation of a web page's `importPublicKey` (issue 6 §1), in its own extension popup
 * window (PI-03: the page can neither draw over nor click in it; this page is not
 * web-accessible, so no page can frame it). Shows which site asks, the key's fingerprint, user
 * IDs (escaped by Preact, control/bidi characters neutralised by the background), algorithm,
 * expiry, and KM-01 conflicts: an address already bound to another key shows both
 * fingerprints, and keeping the current key is the default.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PageApiImportPrompt, PageApiImportStatus } from '../../shared/page-api-keyring-protocol';
import { ErrorAlert } from '../components/error-alert';
import { Fingerprint } from '../components/fingerprint';
import { SecurityToken } from '../components/security-token';
import { formatDate } from '../lib/format';
import { t, uiLang } from '../lib/i18n';
import { call } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';
import { useArmed } from '../lib/use-armed';
import { UserIdList } from '../options/keys/user-id-list';

export function ImportApp({ importId }: { importId: string }) {
  const [prompt, setPrompt] = useState<PageApiImportPrompt | null>(null);
  const [done, setDone] = useState<PageApiImportStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  // The page chose when this window pops up: a click already under way must not import.
  const armed = useArmed();

  useEffect(() => {
    call('getPageApiImport', { importId }).then(setPrompt, (e: unknown) => setError(toUiError(e)));
  }, [importId]);

  const decide = (accept: boolean, replace: boolean) => {
    setBusy(true);
    call('decidePageApiImport', { importId, accept, replace }).then(
      (r) => setDone(r.status), // the background closes this window
      (e: unknown) => {
        setBusy(false);
        setError(toUiError(e));
      },
    );
  };

  const lang = uiLang();
  return (
    <main class="page-api-import" data-testid="page-api-import" data-state={done ?? (prompt ? 'asking' : 'loading')} data-armed={armed ? 'yes' : 'no'}>
      <h1>{t('pageapi_import_title')}</h1>
      <SecurityToken />
      <ErrorAlert error={error} />
      {prompt ? (
        <>
          <p>
            {t('pageapi_import_asks')} <strong data-testid="page-api-import-origin">{prompt.origin}</strong>
          </p>
          <dl class="key-facts">
            <dt>{t('fingerprint')}</dt>
            <dd>
              <Fingerprint value={prompt.fingerprint} testid="page-api-import-fpr" />
            </dd>
            <dt>{t('algorithm')}</dt>
            <dd data-testid="page-api-import-algorithm">{prompt.algorithm}</dd>
            <dt>{t('created')}</dt>
            <dd>{formatDate(prompt.created, lang)}</dd>
            <dt>{t('expires')}</dt>
            <dd data-testid="page-api-import-expires">{prompt.expires ? formatDate(prompt.expires, lang) : t('never')}</dd>
          </dl>
          {prompt.revoked ? <p class="warning">{t('pageapi_import_revoked')}</p> : null}
          {prompt.state === 'update' ? <p class="muted">{t('pageapi_import_update')}</p> : null}
          <UserIdList userIds={prompt.userIds} />
          {prompt.conflicts.length > 0 ? (
            <div class="warning" role="alert" data-testid="page-api-import-conflict">
              {prompt.conflicts.map((c) => (
                <p key={c.email}>
                  {t('pageapi_import_conflict', c.email)}{' '}
                  {c.current.map((f) => (
                    <Fingerprint key={f} value={f} testid="page-api-import-current" />
                  ))}
                </p>
              ))}
              <button type="button" class="primary" disabled={busy || done !== null} data-testid="page-api-import-keep" onClick={() => decide(false, false)}>
                {t('pageapi_import_keep')}
              </button>{' '}
              <button type="button" class="danger" disabled={!armed || busy || done !== null} data-testid="page-api-import-replace" onClick={() => decide(true, true)}>
                {t('pageapi_import_use_new')}
              </button>
            </div>
          ) : (
            <p>
              <button type="button" class="primary" disabled={!armed || busy || done !== null} data-testid="page-api-import-accept" onClick={() => decide(true, false)}>
                {t('pageapi_import_accept')}
              </button>{' '}
              <button type="button" disabled={busy || done !== null} data-testid="page-api-import-reject" onClick={() => decide(false, false)}>
                {t('pageapi_import_reject')}
              </button>
            </p>
          )}
          {done ? <p data-testid="page-api-import-done">{done === 'REJECTED' ? t('pageapi_import_rejected') : t('pageapi_import_done')}</p> : null}
        </>
      ) : null}
    </main>
  );
}
