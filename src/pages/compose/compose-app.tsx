/**
 * The secure editor (compose.html#<session>): the user types here, inside our frame, so the
 * plaintext never enters the page; it goes only to the background, which pushes ciphertext
 * (or, in sign-only mode, the cleartext signature) into the webmail's editor.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ComposeMode, MailPageProtocol, RecipientKeyStatus, Recipients } from '../../shared/mail-protocol';
import { ErrorAlert } from '../components/error-alert';
import { Fingerprint } from '../components/fingerprint';
import { ext } from '../lib/ext';
import { t } from '../lib/i18n';
import { waitForConfirmation } from '../lib/confirmation';
import { call, RpcError } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';
import { claimedSessionId, useAutoResize } from '../read/frame-session';
import { useKeyPassphrase } from '../read/key-passphrase';
import { AttachmentPicker, type Picked } from './attachment-picker';
import { PasswordProtect } from './password-protect';
import { quoteText } from './quote';
import { RecipientField } from './recipient-field';
import { LookupPanel } from './lookup-panel';
import { DraftContinue, DraftSave, type DraftProps } from './draft-actions';
import { SecurityToken } from '../components/security-token';

type Session = MailPageProtocol['getComposeSession']['res'];

const all = (r: Recipients) => [...r.to, ...r.cc, ...r.bcc];

export function ComposeApp() {
  const sessionId = claimedSessionId();
  const [session, setSession] = useState<Session | null>(null);
  const [recipients, setRecipients] = useState<Recipients>({ to: [], cc: [], bcc: [] });
  const [statuses, setStatuses] = useState(new Map<string, RecipientKeyStatus>());
  const [lookupTick, setLookupTick] = useState(0); // bumped after a looked-up key is imported
  const [mode, setMode] = useState<ComposeMode>('encrypt-sign');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<Picked[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState(false);
  const [inWindow, setInWindow] = useState(false);
  const { run, dialog } = useKeyPassphrase();
  useAutoResize(sessionId);

  useEffect(() => {
    if (!sessionId) return setError({ key: 'mail_session_gone' });
    call('getComposeSession', { sessionId }).then(
      (s) => {
        setSession(s);
        setRecipients(s.recipients);
      },
      (e: unknown) => setError(toUiError(e)),
    );
  }, [sessionId]);

  const addressKey = all(recipients).join('\n');
  useEffect(() => {
    const addresses = all(recipients);
    if (addresses.length === 0) return setStatuses(new Map());
    let live = true;
    call('resolveRecipients', { addresses }).then(
      ({ statuses: list }) => {
        if (!live) return;
        // Statuses come back per parsed address; map them to what the user typed too.
        const byInput = new Map<string, RecipientKeyStatus>();
        for (const a of addresses) {
          const s = list.find((x) => x.address === a.trim().toLowerCase() || a.toLowerCase().includes(`<${x.address}>`));
          if (s) byInput.set(a, s);
        }
        setStatuses(byInput);
      },
      (e: unknown) => live && setError(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, [addressKey, lookupTick]);

  const problems = useMemo(() => all(recipients).filter((a) => statuses.get(a)?.problem), [statuses, addressKey]);
  const needsRecipients = mode !== 'sign';
  const blocked = needsRecipients && (all(recipients).length === 0 || problems.length > 0);

  const quote = async () => {
    if (!sessionId) return;
    setError(null);
    setBusy(true);
    try {
      const r = await run((passphrase) => call('getComposeQuote', { sessionId, passphrase }));
      if (r) setText((cur) => `${cur}${cur ? '\n\n' : ''}${quoteText(r.value.text)}\n`);
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!sessionId) return;
    if (blocked) return setError({ key: all(recipients).length === 0 ? 'compose_need_recipient' : 'compose_fix_recipients' });
    setError(null);
    setBusy(true);
    try {
      const attachments = files.map((f) => f.file);
      // PI-03: sign-only writes the text itself into the page: approved in Cachet's window first.
      if (mode === 'sign') {
        const { confirmationId } = await call('askSignOnly', { sessionId, text });
        setInWindow(true);
        const answer = await waitForConfirmation(confirmationId).finally(() => setInWindow(false));
        if (answer.state === 'failed') throw new RpcError(answer.error ?? 'INTERNAL');
        if (answer.state !== 'approved') return setError({ key: 'confirm_cancelled' });
      }
      const r = await run((passphrase) => call('submitCompose', { sessionId, text, recipients, mode, attachments, passphrase }));
      if (r) setDone(true);
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    if (sessionId) void call('cancelCompose', { sessionId }).catch(() => undefined);
  };

  const draft: DraftProps = { sessionId, maybeDraft: session?.maybeDraft === true, text, recipients, mode, busy, ready: session !== null, run, setBusy, setError, onOpened: (d) => {
    setText(d.text);
    setRecipients(d.recipients);
    setMode(d.mode);
  } };

  if (done) {
    return (
      <main class="frame compose" data-testid="compose-frame" data-step="done">
        <p role="status" data-testid="compose-done">
          {mode === 'sign' ? t('compose_done_signed') : t('compose_done_encrypted')}
        </p>
      </main>
    );
  }

  return (
    <main class="frame compose" data-testid="compose-frame" data-step={session ? 'ready' : 'loading'}>
      <header class="frame-head">
        <span class="seal" aria-hidden="true" />
        <strong>{t('compose_title')}</strong>
        <SecurityToken />
      </header>
      <p class="from">
        {t('compose_from')}: {session?.sender ?? t('compose_sender_unknown')}
        {session?.senderKey ? <Fingerprint value={session.senderKey.fingerprint} /> : session ? <span class="warning"> {t('compose_no_own_key')}</span> : null}
      </p>
      <RecipientField label={t('compose_to')} name="to" addresses={recipients.to} statuses={statuses} onChange={(to) => setRecipients({ ...recipients, to })} />
      <RecipientField label={t('compose_cc')} name="cc" addresses={recipients.cc} statuses={statuses} onChange={(cc) => setRecipients({ ...recipients, cc })} />
      <RecipientField label={t('compose_bcc')} name="bcc" addresses={recipients.bcc} statuses={statuses} onChange={(bcc) => setRecipients({ ...recipients, bcc })} />
      {needsRecipients && problems.length > 0 ? (
        <div class="warning" role="alert" data-testid="recipient-problems">
          {t('compose_problems_help')}{' '}
          <button type="button" class="link" onClick={() => void ext().runtime.openOptionsPage()}>
            {t('open_options')}
          </button>
        </div>
      ) : null}
      {needsRecipients && all(recipients).length > 0 ? <LookupPanel addresses={all(recipients)} missing={problems} onImported={() => setLookupTick((n) => n + 1)} /> : null}
      <label class="field">
        <span>{t('compose_mode')}</span>
        <select value={mode} onChange={(e) => setMode(e.currentTarget.value as ComposeMode)} data-testid="compose-mode">
          <option value="encrypt-sign">{t('compose_mode_encrypt_sign')}</option>
          <option value="sign">{t('compose_mode_sign')}</option>
          <option value="encrypt">{t('compose_mode_encrypt')}</option>
        </select>
      </label>
      {mode === 'sign' ? <p class="hint">{t('compose_sign_hint')}</p> : null}
      {mode === 'sign' ? <p class="hint" data-testid="sign-cleartext-note">{t('signed_cleartext_note')}</p> : null}
      <label class="field">
        <span>{t('compose_message')}</span>
        <textarea rows={10} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck data-testid="compose-text" autoFocus />
      </label>
      {session?.hasQuote ? (
        <button type="button" onClick={() => void quote()} disabled={busy} data-testid="compose-quote">
          {t('compose_quote')}
        </button>
      ) : null}
      <DraftContinue {...draft} />
      <AttachmentPicker files={files} onChange={setFiles} disabled={busy} />
      {needsRecipients && problems.length > 0 && sessionId ? <PasswordProtect sessionId={sessionId} recipients={recipients} text={text} mode={mode} attachments={files.map((f) => f.file)} run={run} onDone={() => setDone(true)} /> : null}
      <ErrorAlert error={error} />
      {inWindow ? (
        <p role="status" class="hint" data-testid="compose-in-window">
          {t('confirm_in_window')}
        </p>
      ) : null}
      {busy ? (
        <p role="status">
          <progress /> {t('compose_working')}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="primary" onClick={() => void submit()} disabled={busy || !session} data-testid="compose-submit">
          {mode === 'sign' ? t('compose_sign') : t('compose_encrypt')}
        </button>
        <DraftSave {...draft} />
        <button type="button" onClick={cancel} disabled={busy} data-testid="compose-cancel">
          {t('cancel')}
        </button>
      </div>
      {dialog}
    </main>
  );
}
