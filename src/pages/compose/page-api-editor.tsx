/**
 * The secure editor in page-API mode (a Mailvelope-style editor container, issue 6 §1): the
 * webmail owns To/Cc and the Send button, we own the text. When the webmail calls
 * `editor.encrypt(recipients)`, the background notices us; we show the final recipient list
 * and nothing is encrypted (or signed) before the user approves it in a Cachet window — a
 * page cannot silently add a recipient or drive the private key (PI-04), nor hide or cover
 * this frame to steal the click (PI-03: the window is out of its reach).
 *
 * Replies and forwards: the page's quoted ciphertext is decrypted in the background and only
 * its shown text is put here (use-page-api-quote.ts). Files the user adds here go inside the
 * ciphertext as multipart/mixed, as Mailvelope does (the webmail cannot attach anything to a
 * PGP/MIME body it does not build). The page API only ever encrypts, so sign-only is not
 * offered here; the note says where to get it (a cleartext signature in the ordinary editor).
 */
import { useEffect, useState } from 'preact/hooks';
import type { RecipientKeyStatus } from '../../shared/mail-protocol';
import type { PageApiEncryptRequest, PageApiFrameNotice } from '../../shared/page-api-protocol';
import { ext as extApi } from '../../shared/api';
import { ErrorAlert } from '../components/error-alert';
import { Fingerprint } from '../components/fingerprint';
import { t } from '../lib/i18n';
import { waitForConfirmation } from '../lib/confirmation';
import { call, RpcError } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';
import { useAutoResize } from '../read/frame-session';
import { SecurityToken } from '../components/security-token';
import { useKeyPassphrase } from '../read/key-passphrase';
import { AttachmentPicker, type Picked } from './attachment-picker';
import { base64Size, withQuote } from './page-api-quote';
import { usePageApiQuote } from './use-page-api-quote';

interface Props {
  sessionId: string;
  signMsg: boolean;
  predefinedText: string | null;
  request: PageApiEncryptRequest | null;
}

function isNotice(m: unknown, sessionId: string): m is PageApiFrameNotice {
  return typeof m === 'object' && m !== null && (m as PageApiFrameNotice).cachetPageApiFrame === 1 && (m as PageApiFrameNotice).sessionId === sessionId;
}

export function PageApiEditor(props: Props) {
  const { sessionId } = props;
  const [text, setText] = useState(props.predefinedText ?? '');
  const [sign, setSign] = useState(props.signMsg);
  const [request, setRequest] = useState<PageApiEncryptRequest | null>(props.request);
  const [statuses, setStatuses] = useState<RecipientKeyStatus[]>([]);
  const [outcome, setOutcome] = useState<'done' | 'refused' | null>(null);
  const [inWindow, setInWindow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [files, setFiles] = useState<Picked[]>([]);
  const { run, dialog } = useKeyPassphrase();
  const quote = usePageApiQuote(sessionId, run, (q, attachments) => {
    setText((cur) => withQuote(cur, q));
    setFiles((cur) => [...cur, ...attachments.map((file) => ({ file, size: base64Size(file) }))]);
  });
  useAutoResize(sessionId);

  useEffect(() => {
    let inFlight = false;
    const refresh = () => {
      // One at a time: a page can post wake-ups too (it sees the frame URL); each only makes
      // us ask the background for the truth.
      if (inFlight) return;
      inFlight = true;
      void call('getPageApiEditor', { sessionId })
        .then(
          (r) => {
            if (!r.pageApi) return;
            setRequest(r.request);
            if (r.request) setOutcome(null);
          },
          (e: unknown) => setError(toUiError(e)),
        )
        .finally(() => {
          inFlight = false;
        });
    };
    // Two wake-ups, whichever the browser delivers: the background's runtime broadcast (only
    // our extension pages receive it; it names the session only), and the change of this
    // session's page-API state in storage.session (extension contexts only).
    const onMessage = (m: unknown, sender: { id?: string }) => {
      if (sender.id === extApi.runtime.id && isNotice(m, sessionId)) refresh();
    };
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area === 'session' && Object.hasOwn(changes, `page-api-editor:${sessionId}`)) refresh();
    };
    // Third wake-up, the one Firefox delivers: the bridge's postMessage into this frame. The page
    // can forge it (it sees the session id in our URL); all it can do is make us pull again from
    // the background, which answers for this session only. Nothing in the event is used as data.
    const onWake = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const d = e.data as { cachetPageApiWake?: unknown } | null;
      if (typeof d === 'object' && d !== null && d.cachetPageApiWake === sessionId) refresh();
    };
    extApi.runtime.onMessage.addListener(onMessage);
    extApi.storage.onChanged.addListener(onStorage);
    window.addEventListener('message', onWake);
    return () => {
      window.removeEventListener('message', onWake);
      extApi.runtime.onMessage.removeListener(onMessage);
      extApi.storage.onChanged.removeListener(onStorage);
    };
  }, [sessionId]);

  useEffect(() => {
    if (!request) return setStatuses([]);
    let live = true;
    call('resolveRecipients', { addresses: request.recipients }).then(
      (r) => live && setStatuses(r.statuses),
      (e: unknown) => live && setError(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, [request?.requestId]);

  const decide = async (confirm: boolean) => {
    if (!request) return;
    setError(null);
    setBusy(true);
    try {
      if (confirm) {
        // PI-03: the decision is taken in our window, out of the page's reach; then we encrypt.
        const { confirmationId } = await call('askPageApiEncrypt', { sessionId, requestId: request.requestId, sign });
        setInWindow(true);
        const answer = await waitForConfirmation(confirmationId).finally(() => setInWindow(false));
        if (answer.state === 'failed') throw new RpcError(answer.error ?? 'INTERNAL');
        if (answer.state === 'refused') {
          await call('refusePageApiEncrypt', { sessionId, requestId: request.requestId });
          setOutcome('refused');
          setRequest(null);
          return;
        }
        const r = await run((passphrase) => call('confirmPageApiEncrypt', { sessionId, requestId: request.requestId, text, sign, passphrase, attachments: files.map((f) => f.file) }));
        if (!r) return;
        setOutcome('done');
      } else {
        await call('refusePageApiEncrypt', { sessionId, requestId: request.requestId });
        setOutcome('refused');
      }
      setRequest(null);
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="frame compose" data-testid="page-api-editor" data-step={request ? 'confirm' : (outcome ?? 'typing')}>
      <header class="frame-head">
        <span class="seal" aria-hidden="true" />
        <strong>{t('pageapi_title')}</strong>
        <SecurityToken />
      </header>
      <p class="hint">{t('pageapi_hint')}</p>
      {quote.step === 'click' || quote.step === 'working' ? (
        <p class="hint">
          {t('pageapi_quote_help')}{' '}
          <button type="button" onClick={() => void quote.decrypt()} disabled={busy || quote.step === 'working'} data-testid="page-api-quote">
            {t('pageapi_quote_button')}
          </button>
        </p>
      ) : null}
      {quote.step === 'failed' ? (
        <div class="warning" role="alert" data-testid="page-api-quote-failed">
          {t('pageapi_quote_failed')}
          <ErrorAlert error={quote.error} />
        </div>
      ) : null}
      <textarea rows={10} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck disabled={busy} data-testid="compose-text" autoFocus />
      <label class="check">
        <input type="checkbox" checked={sign} onChange={(e) => setSign(e.currentTarget.checked)} disabled={busy} data-testid="page-api-sign" />{' '}
        {t('pageapi_sign')}
      </label>
      <p class="hint" data-testid="page-api-sign-only-note">
        {t('pageapi_sign_only_note')}
      </p>
      <AttachmentPicker files={files} onChange={setFiles} disabled={busy || request !== null} />
      {request ? (
        <section class="confirm" role="alertdialog" aria-labelledby="pageapi-request" data-testid="page-api-request">
          <p id="pageapi-request">
            <strong>{t('pageapi_request')}</strong>
          </p>
          <ul data-testid="page-api-recipients">
            {request.recipients.map((a) => {
              const s = statuses.find((x) => x.address === a);
              return (
                <li key={a} data-address={a}>
                  {a} {s?.key ? <Fingerprint value={s.key.fingerprint} /> : <span class="warning">{t('pageapi_missing_key')}</span>}
                </li>
              );
            })}
          </ul>
          <p class="hint">{t('pageapi_request_help')}</p>
          {inWindow ? (
            <p role="status" class="hint" data-testid="page-api-in-window">
              {t('confirm_in_window')}
            </p>
          ) : null}
          <div class="actions">
            <button type="button" class="primary" onClick={() => void decide(true)} disabled={busy} data-testid="page-api-confirm">
              {t('confirm_review')}
            </button>
            <button type="button" onClick={() => void decide(false)} disabled={busy} data-testid="page-api-refuse">
              {t('pageapi_refuse')}
            </button>
          </div>
        </section>
      ) : null}
      {outcome ? (
        <p role="status" data-testid="page-api-outcome">
          {outcome === 'done' ? t('pageapi_done') : t('pageapi_refused')}
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {busy ? (
        <p role="status">
          <progress />
        </p>
      ) : null}
      {dialog}
    </main>
  );
}
