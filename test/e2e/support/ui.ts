/**
 * Page-object helpers for the options page and popup, written once for Chromium (CDP) and
 * Firefox (WebDriver BiDi). Every wait is bounded and names what it waited for; selectors are
 * the `data-testid` hooks listed in src/pages/options/TESTIDS.md.
 */
import type { ElementHandle, Page } from 'puppeteer-core';

/** Default bound for one UI wait; key generation and S2K take a few seconds on 2 busy cores. */
export const UI_WAIT_MS = 30_000;

/** `[data-testid="id"]`, optionally inside `scope` (another selector). */
export function tid(id: string, scope?: string): string {
  const own = `[data-testid="${id}"]`;
  return scope ? `${scope} ${own}` : own;
}

/** Waits until `selector` is in the DOM and visible (not `display: none`, not in a closed dialog). */
export async function visible(page: Page, selector: string, timeout = UI_WAIT_MS): Promise<ElementHandle<Element>> {
  const el = await page.waitForSelector(selector, { visible: true, timeout }).catch((e: unknown) => {
    throw new Error(`waiting for ${selector}: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (!el) throw new Error(`waiting for ${selector}: not found`);
  return el;
}

/** Waits until no element matches `selector`. */
export async function gone(page: Page, selector: string, timeout = UI_WAIT_MS): Promise<void> {
  await page.waitForSelector(selector, { hidden: true, timeout }).catch((e: unknown) => {
    throw new Error(`waiting for ${selector} to disappear: ${e instanceof Error ? e.message : String(e)}`);
  });
}

/**
 * Sets an input/textarea value the way typing ends: the native value setter, then an `input`
 * event (Preact listens to it). Much faster than key-by-key typing for long pastes.
 */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await visible(page, selector);
  await page.$eval(
    selector,
    (el, v) => {
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
      if (!setter) throw new Error('no value setter');
      (el as HTMLElement).focus();
      setter.call(el, v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

/** Chooses an `<option>` by value and fires `change`. */
export async function choose(page: Page, selector: string, value: string): Promise<void> {
  await visible(page, selector);
  await page.$eval(
    selector,
    (el, v) => {
      const select = el as HTMLSelectElement;
      if (![...select.options].some((o) => o.value === v)) throw new Error(`no option ${v}`);
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

/** Clicks a visible, enabled element. */
export async function click(page: Page, selector: string): Promise<void> {
  const el = await visible(page, selector);
  await page
    .waitForFunction((e) => !(e as HTMLButtonElement).disabled, { timeout: UI_WAIT_MS }, el)
    .catch(() => {
      throw new Error(`${selector} stayed disabled`);
    });
  await el.click();
}

/** The text content of the first match, whitespace collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  await visible(page, selector);
  return page.$eval(selector, (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/** Waits for the `error` box inside `scope` and returns its code and text. */
export async function errorIn(page: Page, scope: string, timeout = UI_WAIT_MS): Promise<{ code: string | null; text: string }> {
  const sel = tid('error', scope);
  await visible(page, sel, timeout);
  return page.$eval(sel, (el) => ({
    code: el.getAttribute('data-code'),
    text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
  }));
}

/** The heading each options route renders, to know a route change has happened. */
const ROUTE_TITLES: Record<string, string> = {
  '#/keys': '#keys-title',
  '#/generate': '#gen-title',
  '#/import': '#import-title',
  '#/settings': '#settings-title',
};

/** Navigates the options page to a hash route (e.g. `#/import`) and waits for `ready` to show. */
export async function route(page: Page, hash: string, ready: string): Promise<void> {
  // Passing through another route first remounts the target page, so its state and data are
  // fresh (setting the hash it already has would change nothing).
  const current = await page.evaluate(() => location.hash);
  const via = Object.keys(ROUTE_TITLES).find((r) => r !== hash && r !== current)!;
  await page.evaluate((h) => {
    location.hash = h;
  }, via);
  await visible(page, ROUTE_TITLES[via]!);
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await visible(page, ready);
}

/** Fills a new-passphrase group (`P`, `P-confirm`) as TESTIDS.md describes. */
export async function fillNewPassphrase(page: Page, prefix: string, passphrase: string, confirm = passphrase): Promise<void> {
  await fill(page, tid(prefix), passphrase);
  await fill(page, tid(`${prefix}-confirm`), confirm);
}

/** Answers the passphrase dialog (it must open) and waits for it to close. */
export async function answerPassphraseDialog(page: Page, passphrase: string): Promise<void> {
  await visible(page, `${tid('passphrase-dialog')}[open]`);
  await fill(page, tid('passphrase-dialog-input'), passphrase);
  await click(page, tid('passphrase-dialog-ok'));
}

/** True while the passphrase dialog is open. */
export function passphraseDialogOpen(page: Page): Promise<boolean> {
  return page.$eval(tid('passphrase-dialog'), (d) => (d as HTMLDialogElement).open);
}
