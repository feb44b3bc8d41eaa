/**
 * Decryptions started ahead of our frame's request (issue 3 §7 read latency). When our frame
 * asks what its session is (getReadSession → readSessionLocked) and the answer will be
 * "auto-decrypt" (the user's setting is on and a key the message is for is cached), the frame's
 * very next request is the decryption: starting it right then overlaps OpenPGP's work with the
 * reply and the frame's second round trip. Nothing is released earlier or to anyone else: the
 * result is only taken by decryptReadSession (same binding, rate limit and checks as before),
 * and is dropped after a short time if no frame takes it. Background memory only, keyed by
 * the normalised ciphertext, single use.
 */

/** Long enough for a slow frame's second request, short enough not to keep plaintext around. */
export const AHEAD_TTL_MS = 15_000;
/** A page cannot make us hold more than a few results at once. */
const MAX_AHEAD = 8;

const ahead = new Map<string, Promise<unknown>>();

/** Runs `run` now unless a result for `armored` is already pending; failures wait to be taken like results. */
export function startAhead<T>(armored: string, run: () => Promise<T>): void {
  if (ahead.has(armored) || ahead.size >= MAX_AHEAD) return;
  const result = run();
  result.catch(() => undefined); // reported to whoever takes it, never as an unhandled rejection
  ahead.set(armored, result);
  setTimeout(() => {
    if (ahead.get(armored) === result) ahead.delete(armored);
  }, AHEAD_TTL_MS);
}

/** The pending result for `armored` (removed: single use), or null. */
export function takeAhead<T>(armored: string): Promise<T> | null {
  const result = ahead.get(armored);
  if (!result) return null;
  ahead.delete(armored);
  return result as Promise<T>;
}
