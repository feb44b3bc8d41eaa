/**
 * Cachet's own popup windows (extension pages the background opens with `windows.create`):
 * the page-API import window and the confirmation window of PI-03. A window already handed to
 * a test is never handed out again (the previous request's window may still be closing).
 */
import type { Frame, Page } from 'puppeteer-core';
import type { ExtensionHarness } from './types';
import { ProbeFailure, until } from './wait';

const seen = new WeakSet<Page>();

/** location.href of a page or frame (Firefox reports extension documents as about:blank). */
export async function hrefOf(p: Page | Frame): Promise<string> {
  return p.url().startsWith('about:') || p.url() === '' ? await p.evaluate(() => location.href).catch(() => '') : p.url();
}

/** The newest window showing our page `path` (e.g. `confirm.html`) that no step used yet. */
export async function extensionWindow(h: ExtensionHarness, path: string, timeoutMs = 30_000): Promise<Page> {
  const win = await until(
    async () => {
      for (const p of await h.browser.pages()) {
        if (!p.isClosed() && !seen.has(p) && (await hrefOf(p)).includes(`/${path}#`)) return p;
      }
      return undefined;
    },
    timeoutMs,
    `Cachet's ${path} window`,
  );
  seen.add(win);
  return win;
}

/**
 * Answers the confirmation window (confirm.html): waits until it shows its question and its
 * buttons are armed (they stay disabled for a moment after the window comes up), lets `inspect`
 * read what it shows, then clicks.
 */
export async function answerConfirmWindow(h: ExtensionHarness, approve: boolean, expectKind?: 'lookupImport' | 'pageApiEncrypt' | 'signOnly', inspect?: (win: Page) => Promise<void>): Promise<Page> {
  const win = await extensionWindow(h, 'confirm.html');
  await until(
    async () => {
      const state = await win.evaluate(() => {
        const main = document.querySelector('[data-testid="confirm-window"]');
        const error = document.querySelector('[data-testid="error"]');
        return { kind: main?.getAttribute('data-kind') ?? null, armed: main?.getAttribute('data-armed') === 'yes', error: error?.textContent ?? null };
      });
      if (state.error) throw new ProbeFailure(`the confirmation window shows: ${state.error}`);
      if (expectKind && state.kind && state.kind !== expectKind) throw new ProbeFailure(`the confirmation window asks about ${state.kind}, not ${expectKind}`);
      return state.kind && state.armed ? true : undefined;
    },
    30_000,
    'the confirmation window, armed',
  );
  await inspect?.(win);
  // Docs: `CACHET_SCREENSHOTS=docs/screenshots` saves what the window showed (README picture).
  const dir = process.env.CACHET_SCREENSHOTS;
  if (dir && h.kind === 'chromium') await win.screenshot({ path: `${dir}/confirm-${await win.$eval('[data-testid="confirm-window"]', (e) => e.getAttribute('data-kind'))}.png` as `${string}.png` });
  await win.$eval(approve ? '[data-testid="confirm-approve"]' : '[data-testid="confirm-refuse"]', (b) => (b as HTMLButtonElement).click());
  return win;
}
