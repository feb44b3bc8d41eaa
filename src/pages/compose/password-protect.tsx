/**
 * "Protect with a password" in the secure editor (issue 6 §3), offered when some recipients
 * have no usable key. The password is generated here (114 bits, crypto.getRandomValues) or
 * chosen by the user with the same strength meter and floor as key passphrases. It goes
 * only to the background (page protocol); the page receives the plain notice + ciphertext.
 * Recipients with a key and the sender's own key can open the same message with their key.
 */
import { useRef, useState } from 'preact/hooks';
import { generatePassword, passwordStrength } from '../../core/messages/password-generate';
import type { MailPageProtocol, Recipients, WireFile } from '../../shared/mail-protocol';
import { ErrorAlert } from '../components/error-alert';
import { StrengthMeter } from '../components/strength-meter';
import { strengthView } from '../lib/strength-view';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';

type Runner = <R>(op: (passphrase: string | null) => Promise<R>) => Promise<{ value: R } | null>;

export interface PasswordProtectProps {
  sessionId: string;
  recipients: Recipients;
  text: string;
  /** 'encrypt' leaves the signature out; anything else signs with my key. */
  mode: MailPageProtocol['submitCompose']['req']['mode'];
  attachments: WireFile[];
  /** The editor's passphrase runner (asks for my key's passphrase in our frame when signing). */
  run: Runner;
  onDone(): void;
}

/** Copies with the async clipboard API, or the selection fallback where a frame may not use it. */
async function copyText(value: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    if (!input) return false;
    input.select();
    return document.execCommand('copy');
  }
}

export function PasswordProtect(p: PasswordProtectProps) {
  const [open, setOpen] = useState(false);
  const [own, setOwn] = useState(false);
  const [generated, setGenerated] = useState('');
  const [chosen, setChosen] = useState('');
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const field = useRef<HTMLInputElement>(null);

  const password = own ? chosen : generated;
  // The meter's view: English dictionaries, nothing acceptable until they are loaded (VS-01).
  const acceptable = password !== '' && (own ? strengthView(password).acceptable : passwordStrength(password).acceptable);

  const start = () => {
    setGenerated(generatePassword());
    setOpen(true);
    setCopied(false);
  };

  const submit = async () => {
    if (!acceptable) return setError({ key: 'passphrase_too_weak' });
    setError(null);
    setBusy(true);
    try {
      const mode = p.mode === 'encrypt' ? 'encrypt' : 'encrypt-sign';
      const req = { sessionId: p.sessionId, text: p.text, recipients: p.recipients, mode, attachments: p.attachments, password, notice: t('password_mail_notice') } as const;
      const r = await p.run((passphrase) => call('submitPasswordCompose', { ...req, passphrase }));
      if (r) p.onDone();
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div class="password-offer" data-testid="password-offer">
        <p>{t('password_offer')}</p>
        <button type="button" onClick={start} data-testid="password-protect">
          {t('password_offer_button')}
        </button>
      </div>
    );
  }

  return (
    <section class="password-protect" aria-label={t('password_title')} data-testid="password-protect-panel">
      <strong>{t('password_title')}</strong>
      {own ? (
        <label class="field">
          <span>{t('password_own')}</span>
          <input type="text" autocomplete="off" spellcheck={false} value={chosen} onInput={(e) => setChosen(e.currentTarget.value)} data-testid="password-own" />
          <StrengthMeter passphrase={chosen} testid="password-strength" />
        </label>
      ) : (
        <div class="field">
          <span>{t('password_generated')}</span>
          <input type="text" readOnly value={generated} ref={field} class="password-generated" data-testid="password-generated" />
          <div class="actions">
            <button type="button" onClick={() => void copyText(generated, field.current).then(setCopied)} data-testid="password-copy">
              {copied ? t('password_copied') : t('password_copy')}
            </button>
            <button type="button" onClick={start} data-testid="password-regenerate">
              {t('password_new')}
            </button>
          </div>
        </div>
      )}
      <p class="hint">{t('password_keys_too')}</p>
      <ErrorAlert error={error} />
      {busy ? (
        <p role="status">
          <progress /> {t('compose_working')}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="primary" onClick={() => void submit()} disabled={busy || !acceptable} data-testid="password-submit">
          {t('password_submit')}
        </button>
        <button type="button" class="link" onClick={() => setOwn(!own)} disabled={busy} data-testid="password-toggle-own">
          {own ? t('password_use_generated') : t('password_choose')}
        </button>
        <button type="button" class="link" onClick={() => setOpen(false)} disabled={busy} data-testid="password-off">
          {t('password_off')}
        </button>
      </div>
    </section>
  );
}
