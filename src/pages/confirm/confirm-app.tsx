/**
 * A sensitive confirmation in its own extension popup window (PI-03; confirm-protocol.ts).
 * The page is not web-accessible, so no web page can frame it, and no web page can draw over
 * or click in a window. It shows what the background built (never what the asking frame
 * claimed) with the installation's security token, and its buttons arm only after the window
 * has been in front for a moment (use-armed.ts). Closing the window refuses.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConfirmOutcome, ConfirmView } from '../../shared/confirm-protocol';
import { ErrorAlert } from '../components/error-alert';
import { SecurityToken } from '../components/security-token';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';
import { LookupImportView } from './lookup-import-view';
import { PageApiEncryptView } from './page-api-encrypt-view';
import { SignOnlyView } from './sign-only-view';
import { useArmed } from '../lib/use-armed';

function approveLabel(view: ConfirmView): string {
  if (view.kind === 'pageApiEncrypt') return t('pageapi_confirm');
  if (view.kind === 'signOnly') return t('confirm_sign_approve');
  return view.replace ? t('lookup_use_new') : t('lookup_import');
}

export function ConfirmApp({ confirmationId }: { confirmationId: string }) {
  const [view, setView] = useState<ConfirmView | null>(null);
  const [outcome, setOutcome] = useState<ConfirmOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const armed = useArmed();

  useEffect(() => {
    call('getConfirmation', { confirmationId }).then(setView, (e: unknown) => setError(toUiError(e)));
  }, [confirmationId]);

  const answer = (approve: boolean) => {
    setBusy(true);
    setError(null);
    call('answerConfirmation', { confirmationId, approve }).then(
      (r) => {
        setOutcome(r);
        setBusy(false);
        if (r.error) setError({ code: r.error });
        // The background closes this window; closing it here too covers a window it could not name.
        else window.close();
      },
      (e: unknown) => {
        setBusy(false);
        setError(toUiError(e));
      },
    );
  };

  const ended = outcome !== null;
  return (
    <main class="page-api-import confirm-window" data-testid="confirm-window" data-state={outcome?.state ?? (view ? 'asking' : 'loading')} data-kind={view?.kind ?? ''} data-armed={armed ? 'yes' : 'no'}>
      <SecurityToken />
      {view?.kind === 'lookupImport' ? <LookupImportView view={view} /> : null}
      {view?.kind === 'pageApiEncrypt' ? <PageApiEncryptView view={view} /> : null}
      {view?.kind === 'signOnly' ? <SignOnlyView view={view} /> : null}
      <ErrorAlert error={error} />
      {view && !ended ? (
        <p class="actions">
          <button type="button" class={view.kind === 'pageApiEncrypt' ? 'primary' : view.kind === 'signOnly' || view.replace ? 'danger' : 'primary'} disabled={!armed || busy} data-testid="confirm-approve" onClick={() => answer(true)}>
            {approveLabel(view)}
          </button>{' '}
          <button type="button" disabled={busy} data-testid="confirm-refuse" onClick={() => answer(false)}>
            {view.kind === 'pageApiEncrypt' ? t('pageapi_refuse') : t('cancel')}
          </button>
        </p>
      ) : null}
    </main>
  );
}
