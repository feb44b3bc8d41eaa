/**
 * Passphrase prompts for the mail frames. The background names the key it needs in the
 * error detail (PASSPHRASE_REQUIRED / WRONG_PASSPHRASE carry its fingerprint), so the
 * dialog can show which key; it is asked here, in our frame, never in the page (SG-06).
 */
import { useCallback, useState } from 'preact/hooks';
import type { ErrorCode } from '../../core/errors';
import { PassphraseDialog, type PassphraseRequest } from '../components/passphrase-dialog';
import { t } from '../lib/i18n';
import { MAX_PASSPHRASE_ATTEMPTS } from '../lib/passphrase-flow';
import { call, RpcError } from '../lib/rpc';

const FINGERPRINT = /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/;

async function labelOf(fingerprint: string): Promise<string> {
  try {
    const { key } = await call('getKey', { fingerprint });
    return key.userIds.find((u) => u.primary)?.userId ?? key.userIds[0]?.userId ?? t('mail_your_key');
  } catch {
    return t('mail_your_key');
  }
}

/** Runs `op(null)`, then asks and retries while the background wants a passphrase. Null: cancelled. */
export async function withKeyPassphrase<R>(
  op: (passphrase: string | null) => Promise<R>,
  ask: (fingerprint: string, problem: ErrorCode | null) => Promise<string | null>,
): Promise<{ value: R } | null> {
  let passphrase: string | null = null;
  for (let attempt = 0; attempt <= MAX_PASSPHRASE_ATTEMPTS; attempt++) {
    try {
      return { value: await op(passphrase) };
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      const again = (e.code === 'PASSPHRASE_REQUIRED' && passphrase === null) || (e.code === 'WRONG_PASSPHRASE' && passphrase !== null);
      if (!again || !e.detail || !FINGERPRINT.test(e.detail)) throw e;
      passphrase = await ask(e.detail, e.code === 'WRONG_PASSPHRASE' ? e.code : null);
      if (passphrase === null) return null;
    }
  }
  throw new RpcError('WRONG_PASSPHRASE');
}

/** The dialog element to render, and `run(op)` using it. */
export function useKeyPassphrase() {
  const [pending, setPending] = useState<(PassphraseRequest & { resolve(p: string | null): void }) | null>(null);
  const ask = useCallback(
    async (fingerprint: string, problem: ErrorCode | null) => {
      const label = await labelOf(fingerprint);
      return new Promise<string | null>((resolve) => setPending({ fingerprint, label, problem, resolve }));
    },
    [],
  );
  const run = useCallback(<R,>(op: (p: string | null) => Promise<R>) => withKeyPassphrase(op, ask), [ask]);
  const dialog = (
    <PassphraseDialog
      request={pending}
      onDone={(p) => {
        pending?.resolve(p);
        setPending(null);
      }}
    />
  );
  return { run, dialog };
}
