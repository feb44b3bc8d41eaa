/**
 * Runs a key operation first with `passphrase: null` (the background uses the cached
 * unlocked key), and only when it answers PASSPHRASE_REQUIRED asks the user; a wrong
 * passphrase asks again, telling the dialog why. Cancelling resolves to `null`.
 */
import type { ErrorCode } from '../../core/errors';
import { RpcError } from './rpc';

/** Shows the passphrase dialog; `problem` is the code of the previous failed attempt. */
export type AskPassphrase = (problem: ErrorCode | null) => Promise<string | null>;

export const MAX_PASSPHRASE_ATTEMPTS = 5;

export async function withPassphrase<R>(
  op: (passphrase: string | null) => Promise<R>,
  ask: AskPassphrase,
): Promise<{ value: R } | null> {
  let passphrase: string | null = null;
  let problem: ErrorCode | null = null;
  for (let attempt = 0; attempt <= MAX_PASSPHRASE_ATTEMPTS; attempt++) {
    if (problem !== null) {
      passphrase = await ask(problem === 'PASSPHRASE_REQUIRED' ? null : problem);
      if (passphrase === null) return null;
    }
    try {
      return { value: await op(passphrase) };
    } catch (e) {
      const code = e instanceof RpcError ? e.code : null;
      const retry =
        (code === 'PASSPHRASE_REQUIRED' && passphrase === null) || (code === 'WRONG_PASSPHRASE' && passphrase !== null);
      if (!retry || code === null) throw e;
      problem = code;
    }
  }
  throw new RpcError('WRONG_PASSPHRASE');
}
