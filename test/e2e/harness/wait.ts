/** Bounded waits for the e2e harness: every wait has a deadline and names what it waited for. */

export class HarnessTimeoutError extends Error {
  override name = 'HarnessTimeoutError';
}

/** Thrown by an `until` probe that saw the wait can never succeed (e.g. the frame shows an error): `until` rethrows it at once. */
export class ProbeFailure extends Error {
  override name = 'ProbeFailure';
}

/** Rejects with a clear message if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HarnessTimeoutError(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Re-checks `probe` until it returns a value other than undefined, or fails after `ms`.
 * Used only where the browser offers no event to wait on (e.g. a Firefox tab's real URL,
 * which BiDi reports as about:blank). Probe errors count as "not yet" and are reported at the end
 * (the last one that is not the deadline's own timeout); a {@link ProbeFailure} ends the wait at once.
 */
export async function until<T>(probe: () => Promise<T | undefined>, ms: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await withTimeout(probe(), Math.max(1, deadline - Date.now()), what);
      if (value !== undefined) return value;
    } catch (e) {
      if (e instanceof ProbeFailure) throw e;
      // The final probe cut short by the deadline says nothing; keep what an earlier one said.
      if (!(e instanceof HarnessTimeoutError) || !(lastError instanceof Error)) lastError = e;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new HarnessTimeoutError(`timed out after ${ms} ms: ${what}${cause}`);
    }
    await sleep(everyMs);
  }
}
