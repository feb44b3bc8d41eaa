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

const ahead = new Map<string, { result: Promise<unknown>; keys: readonly string[] }>();

/**
 * Runs `run` now unless a result for `armored` is already pending; failures wait to be taken
 * like results. `keys`: the fingerprints of the unlocked keys that made it start.
 */
export function startAhead<T>(armored: string, run: () => Promise<T>, keys: readonly string[] = []): void {
  if (ahead.has(armored) || ahead.size >= MAX_AHEAD) return;
  const result = run();
  result.catch(() => undefined); // reported to whoever takes it, never as an unhandled rejection
  const entry = { result, keys };
  ahead.set(armored, entry);
  setTimeout(() => {
    if (ahead.get(armored) === entry) ahead.delete(armored);
  }, AHEAD_TTL_MS);
}

/** The fingerprints a pending (not taken) result for `armored` was started with, or null. */
export function aheadKeys(armored: string): readonly string[] | null {
  return ahead.get(armored)?.keys ?? null;
}

/** The pending result for `armored` (removed: single use), or null. */
export function takeAhead<T>(armored: string): Promise<T> | null {
  const entry = ahead.get(armored);
  if (!entry) return null;
  ahead.delete(armored);
  return entry.result as Promise<T>;
}
