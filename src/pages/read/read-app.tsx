/**
 * The viewer frame (read.html#<session>): asks the background what the session holds,
 * decrypts on the user's click (PI-04: a private-key operation needs a gesture in our UI;
 * signed-only messages verify at once; with the user's auto-decrypt setting on and the key
 * already unlocked, the background says so and the frame decrypts on mount), and shows the result with its signature status.
 * Text is rendered as text (never innerHTML); HTML only sanitised and sandboxed.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ErrorCode } from '../../core/errors';
import type { MailPageProtocol, ReadResult } from '../../shared/mail-protocol';
import { errorText, t } from '../lib/i18n';
import { call, toRpcError } from '../lib/rpc';
import { Attachments } from './attachments';
import { EncryptedAttachments } from './encrypted-attachments';
import { takeEarlyDecrypt } from './early-decrypt';
import { claimedReadInfo, claimedSessionId, useAutoResize } from './frame-session';
import { HtmlView } from './html-view';
import { useKeyPassphrase } from './key-passphrase';
import { PasswordUnlock } from './password-unlock';
import { SignaturePanel } from './signature-panel';
import { SecurityToken } from '../components/security-token';

type Info = MailPageProtocol['getReadSession']['res'];
type State =
  | { step: 'loading' }
  | { step: 'ready'; info: Info }
  | { step: 'busy'; info: Info }
  | { step: 'done'; info: Info; result: ReadResult }
  | { step: 'error'; info: Info | null; code: ErrorCode; detail?: string };

const signedOnly = (info: Info) => info.kind === 'cleartext-signed' || info.kind === 'pgp-mime-signed';

function ErrorBox({ code, detail }: { code: ErrorCode; detail: string | undefined }) {
  const text = code === 'FORBIDDEN' && detail?.includes('expired') ? t('mail_session_gone') : errorText(code);
  // Details the background gives are safe to show (key IDs for NO_MATCHING_KEY, limits…).
  const showDetail = detail !== undefined && code !== 'PASSPHRASE_REQUIRED' && code !== 'WRONG_PASSPHRASE';
  return (
    <div class="alert" role="alert" data-testid="error" data-code={code}>
      <span>{text}</span>
      {showDetail ? <div class="alert-detail">{detail}</div> : null}
    </div>
  );
}

export function ReadApp() {
  const sessionId = claimedSessionId();
  const [state, setState] = useState<State>({ step: 'loading' });
  const { run, dialog } = useKeyPassphrase();
  const [passwordOnly, setPasswordOnly] = useState(false);
  useAutoResize(sessionId);

  const decrypt = async (info: Info) => {
    if (!sessionId) return;
    setState({ step: 'busy', info });
    try {
      // The first, passphrase-less attempt may already be on its way (auto-decrypt, early-decrypt.ts).
      const r = await run((passphrase) => (passphrase === null ? takeEarlyDecrypt(sessionId) : null) ?? call('decryptReadSession', { sessionId, passphrase }));
      setState(r ? { step: 'done', info, result: r.value } : { step: 'ready', info });
    } catch (e) {
      const err = toRpcError(e);
      setState({ step: 'error', info, code: err.code, ...(err.detail === undefined ? {} : { detail: err.detail }) });
    }
  };

  useEffect(() => {
    if (!sessionId) {
      setState({ step: 'error', info: null, code: 'FORBIDDEN', detail: 'expired' });
      return;
    }
    // The claim's answer already said what the session is; ask only if it did not.
    const known = claimedReadInfo();
    (known ? Promise.resolve(known) : call('getReadSession', { sessionId })).then(
      // Auto-decrypt (user setting, key already unlocked): no click needed, no passphrase sent.
      (info) => (signedOnly(info) || info.autoDecrypt === true ? void decrypt(info) : setState({ step: 'ready', info })),
      (e: unknown) => {
        const err = toRpcError(e);
        setState({ step: 'error', info: null, code: err.code, ...(err.detail === undefined ? {} : { detail: err.detail }) });
      },
    );
  }, [sessionId]);

  return (
    <main class="frame read" data-testid="read-frame" data-step={state.step}>
      <header class="frame-head">
        <span class="seal" aria-hidden="true" />
        <strong>{state.step !== 'loading' && state.info && signedOnly(state.info) ? t('read_signed_title') : t('read_encrypted_title')}</strong>
        <SecurityToken />
      </header>
      {state.step === 'loading' ? <p class="muted">{t('loading')}</p> : null}
      {state.step === 'ready' && sessionId ? <PasswordUnlock sessionId={sessionId} onPasswordOnly={setPasswordOnly} onResult={(result) => setState({ step: 'done', info: state.info, result })} /> : null}
      {state.step === 'ready' && !passwordOnly ? (
        <div class="actions">
          <button type="button" class="primary" onClick={() => void decrypt(state.info)} data-testid="decrypt" autoFocus>
            {t('read_decrypt')}
          </button>
          {!state.info.locked ? <span class="muted">{t('read_key_unlocked')}</span> : null}
        </div>
      ) : null}
      {state.step === 'busy' ? (
        <p class="muted" role="status">
          <progress /> {signedOnly(state.info) ? t('read_verifying') : t('read_decrypting')}
        </p>
      ) : null}
      {state.step === 'error' ? (
        <>
          <ErrorBox code={state.code} detail={state.detail} />
          {state.info && state.code !== 'NO_MATCHING_KEY' && state.code !== 'TOO_LARGE' && state.code !== 'MALFORMED_ARMOR' ? (
            <button type="button" onClick={() => state.info && void decrypt(state.info)} data-testid="retry">
              {t('read_retry')}
            </button>
          ) : null}
        </>
      ) : null}
      {state.step === 'done' ? <ResultView result={state.result} sender={state.info.sender} /> : null}
      {state.step === 'done' && sessionId ? <EncryptedAttachments sessionId={sessionId} sender={state.info.sender} /> : null}
      {dialog}
    </main>
  );
}

function ResultView({ result, sender }: { result: ReadResult; sender: string | null }) {
  return (
    <>
      <SignaturePanel result={result} sender={sender} />
      {result.text !== null ? (
        <pre class="mail-text" data-testid="read-text">
          {result.text}
        </pre>
      ) : null}
      {result.html !== null ? <HtmlView html={result.html} /> : null}
      {result.text === null && result.html === null && result.attachments.length === 0 ? <p class="muted">{t('read_empty')}</p> : null}
      {result.nestedEncrypted > 0 ? (
        <p class="warning" data-testid="nested-encrypted">
          {t('read_nested_encrypted', String(result.nestedEncrypted))}
        </p>
      ) : null}
      <Attachments files={result.attachments} />
    </>
  );
}
