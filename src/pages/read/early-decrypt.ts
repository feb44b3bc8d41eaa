/**
 * Auto-decrypt without the render in between: when the claim's answer says this read session
 * decrypts without a click (the user's auto-decrypt setting, a key unlocked), the request goes
 * out at once, before Preact renders the app and runs its effects (a frame or more later). The
 * app takes the pending answer for its first, passphrase-less attempt; everything else (a
 * passphrase prompt, a retry) asks the background as usual. Same request, same checks.
 */
import type { ReadResult } from '../../shared/mail-protocol';
import { call, type Res } from '../lib/rpc';
import type { Claim } from './frame-session';

let early: { sessionId: string; result: Promise<ReadResult> } | null = null;

/** The claim function for startClaimListener: claims, then starts the decryption if it is automatic. */
export async function claimAndDecrypt(c: Claim): Promise<Res<'claimFrame'>> {
  const answer = await call('claimFrame', c);
  if (answer.read?.autoDecrypt === true) {
    const result = call('decryptReadSession', { sessionId: c.sessionId, passphrase: null });
    result.catch(() => undefined); // reported to the app when it takes it
    early = { sessionId: c.sessionId, result };
  }
  return answer;
}

/** The decryption started with the claim for `sessionId` (once), or null. */
export function takeEarlyDecrypt(sessionId: string): Promise<ReadResult> | null {
  if (!early || early.sessionId !== sessionId) return null;
  const { result } = early;
  early = null;
  return result;
}
