/**
 * Opening a password-protected message in our read frame (issue 6 §3). The background says
 * from the message's packets whether it has a password packet (SKESK) and whether it is
 * also for one of my keys; the password is typed here, in the extension frame, and goes to
 * the background only (never the page: SG-06, PI-01).
 */
import { useEffect, useState } from 'preact/hooks';
import type { ReadResult } from '../../shared/mail-protocol';
import type { ReadPacketInfo } from '../../shared/password-protocol';
import { ErrorAlert } from '../components/error-alert';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';

export interface PasswordUnlockProps {
  sessionId: string;
  onResult(result: ReadResult): void;
  /** Told once the packets are known: true when ONLY a password opens it (no key of mine). */
  onPasswordOnly?(only: boolean): void;
}

export function PasswordUnlock({ sessionId, onResult, onPasswordOnly }: PasswordUnlockProps) {
  const [info, setInfo] = useState<ReadPacketInfo | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    let live = true;
    call('getReadPacketInfo', { sessionId }).then(
      (i) => {
        if (!live) return;
        setInfo(i);
        onPasswordOnly?.(i.password && !i.forMyKeys);
      },
      () => live && setInfo({ password: false, forMyKeys: false }),
    );
    return () => {
      live = false;
    };
  }, [sessionId]);

  if (!info?.password) return null;

  const open = async (e: Event) => {
    e.preventDefault();
    if (password === '') return;
    setError(null);
    setBusy(true);
    try {
      onResult(await call('decryptReadSessionWithPassword', { sessionId, password }));
    } catch (err) {
      setError(toUiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="password-unlock" onSubmit={(e) => void open(e)} data-testid="password-unlock">
      <p>
        <strong>{t('password_read_title')}</strong>
        {info.forMyKeys ? ` ${t('password_read_or_key')}` : null}
      </p>
      <label class="field">
        <span>{t('password_read_label')}</span>
        <input
          type="password"
          autocomplete="off"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          disabled={busy}
          data-testid="password-input"
          autoFocus={!info.forMyKeys}
        />
      </label>
      <ErrorAlert error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || password === ''} data-testid="password-open">
          {t('password_read_open')}
        </button>
        {busy ? <progress /> : null}
      </div>
    </form>
  );
}
