/**
 * E2E harness: load the built test extension in headless Chromium or Firefox ESR and drive it.
 * One browser per test file: launch in beforeAll, `await harness.close()` in afterAll.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { PageMessageType, PageProtocol, Reply } from '../../../src/shared/protocol';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { ExtensionHarness, LaunchOptions } from './types';
import { withTimeout } from './wait';

export { launchChromium } from './chromium';
export { launchFirefox } from './firefox';
export type { ExtensionHarness, LaunchOptions } from './types';
export { HarnessTimeoutError, ProbeFailure, until, withTimeout } from './wait';
export { armPause, waitPaused, type PausePoint } from './pause';
export { answerConfirmWindow, extensionWindow, hrefOf } from './windows';
export { ourFrame } from './frames';

export type BrowserKind = ExtensionHarness['kind'];
export const BROWSER_KINDS: readonly BrowserKind[] = ['chromium', 'firefox'];

const root = resolve(import.meta.dirname, '../../..');
/**
 * Where `npm run build:test` puts the test builds; `CACHET_E2E_DIST=<dir>` points the suite at
 * another `dist` (e.g. a build of a clean `git worktree` while the checkout has work in progress).
 */
const dist = process.env.CACHET_E2E_DIST ? resolve(process.env.CACHET_E2E_DIST) : join(root, 'dist');
export const TEST_DIST = {
  chromium: join(dist, 'test-chrome'),
  firefox: join(dist, 'test-firefox'),
} as const;

/** Launches `kind` with its test build. */
export function launch(kind: BrowserKind, options: LaunchOptions = {}): Promise<ExtensionHarness> {
  return kind === 'chromium' ? launchChromium(TEST_DIST.chromium) : launchFirefox(TEST_DIST.firefox, options);
}

/**
 * Sends `{cachet: 1, type, payload}` with runtime.sendMessage from an extension page (so the
 * background sees an extension-page sender) and returns the background's Reply.
 */
export async function sendFromPage<T extends PageMessageType>(
  page: Page,
  type: T,
  payload: PageProtocol[T]['req'],
  timeoutMs = 30_000,
): Promise<Reply<PageProtocol[T]['res']>> {
  const reply = page.evaluate(
    (t, p) => {
      const g = globalThis as unknown as { browser?: RuntimeGlobal; chrome: RuntimeGlobal };
      // Firefox's `browser` and Chromium's MV3 `chrome` both return promises.
      return (g.browser ?? g.chrome).runtime.sendMessage({ cachet: 1, type: t, payload: p });
    },
    type,
    payload as unknown as Record<string, unknown>,
  );
  return withTimeout(reply as Promise<Reply<PageProtocol[T]['res']>>, timeoutMs, `reply to ${type}`);
}

interface RuntimeGlobal {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}
