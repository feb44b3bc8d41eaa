/** The e2e harness's bounded wait: what it reports when it gives up, and its fail-fast path. */
import { describe, expect, it } from 'vitest';
import { HarnessTimeoutError, ProbeFailure, until } from '../../e2e/harness/wait';

describe('until (e2e harness)', () => {
  it('a ProbeFailure ends the wait at once, with its message', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(
      until(async () => {
        calls++;
        throw new ProbeFailure('the secure editor shows: Wrong passphrase.');
      }, 10_000, 'never'),
    ).rejects.toThrow('the secure editor shows: Wrong passphrase.');
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('on giving up it reports the last real probe error, not the deadline cutting the final probe short', async () => {
    let calls = 0;
    const err = await until(async () => {
      calls++;
      if (calls === 1) throw new Error('frame not there yet');
      return new Promise<undefined>(() => undefined); // hangs until the deadline
    }, 300, 'the frame', 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessTimeoutError);
    expect((err as Error).message).toBe('timed out after 300 ms: the frame (last error: frame not there yet)');
  });

  it('returns the first defined value', async () => {
    let n = 0;
    expect(await until(async () => (++n >= 3 ? n : undefined), 5_000, 'three', 1)).toBe(3);
  });
});
