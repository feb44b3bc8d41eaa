/**
 * Test-build pause points of the background (src/background/test-hooks.ts): arm one from an
 * extension page, start the operation, wait for "paused at X", then `restartBackground()` kills
 * the background exactly there (issue 7 §3). The armed state lives in the background's memory:
 * the background that starts after the kill is disarmed, so a retry runs to the end.
 */
import type { Page } from 'puppeteer-core';
import { withTimeout } from './wait';

/** Mirrors PAUSE_POINTS in src/background/test-hooks.ts. */
export type PausePoint = 'encrypt:before-reply' | 'decrypt:before-reply' | 'import:between-keys' | 'sync:push-answered' | 'sync:pull-key-stored' | 'sync:pull-tombstone-applied';

interface PauseWindow {
  __cachetPaused?: Promise<string>;
}

/**
 * Arms `point` over the test-hooks port from `page` (an extension page: options.html, …) and
 * resolves once the background confirmed. Keep `page` open until {@link waitPaused} returned:
 * closing the port disarms.
 */
export async function armPause(page: Page, point: PausePoint, timeoutMs = 30_000): Promise<void> {
  const armed = page.evaluate((p: string) => {
    const g = globalThis as unknown as { browser?: { runtime: RuntimeLike }; chrome?: { runtime: RuntimeLike } };
    const runtime = (g.browser ?? g.chrome)!.runtime;
    return new Promise<void>((resolveArmed, rejectArmed) => {
      const port = runtime.connect({ name: 'cachet-test-hooks' });
      const paused = new Promise<string>((resolvePaused, rejectPaused) => {
        port.onMessage.addListener((m: { armed?: string; paused?: string; error?: string }) => {
          if (m.armed === p) resolveArmed();
          if (m.error) {
            rejectArmed(new Error(m.error));
            rejectPaused(new Error(m.error));
          }
          if (m.paused === p) {
            resolvePaused(m.paused);
            // Nothing more to say: a port left open must not be what keeps the worker alive.
            port.disconnect();
          }
        });
        port.onDisconnect.addListener(() => {
          const e = new Error(`the background closed the test-hooks port before pausing at ${p}`);
          rejectArmed(e);
          rejectPaused(e);
        });
      });
      paused.catch(() => undefined); // read later by waitPaused
      (window as unknown as PauseWindow).__cachetPaused = paused;
      port.postMessage({ arm: p });
    });

    interface RuntimeLike {
      connect(o: { name: string }): {
        postMessage(m: unknown): void;
        disconnect(): void;
        onMessage: { addListener(cb: (m: { armed?: string; paused?: string; error?: string }) => void): void };
        onDisconnect: { addListener(cb: () => void): void };
      };
    }
  }, point);
  await withTimeout(armed, timeoutMs, `arming the pause point ${point}`);
}

/** Resolves when the operation armed from `page` reached its pause point. */
export async function waitPaused(page: Page, point: PausePoint, timeoutMs = 120_000): Promise<void> {
  const reached = page.evaluate(() => (window as unknown as PauseWindow).__cachetPaused ?? Promise.reject(new Error('nothing armed in this page')));
  const at = await withTimeout(reached, timeoutMs, `the background to pause at ${point}`);
  if (at !== point) throw new Error(`paused at ${at}, expected ${point}`);
}
