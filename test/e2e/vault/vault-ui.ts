/**
 * Page objects for the options page's vault section (`#/vault`, TESTIDS.md "Vault") and
 * bounded polls of the background's state through `sendFromPage`.
 */
import type { Page } from 'puppeteer-core';
import type { KeyView, VaultStatus } from '../../../src/shared/protocol';
import { sendFromPage, until } from '../harness';
import { click, fill, route, tid, visible } from '../support/ui';

/** Bound for one sync to land (Argon2 checks, OPAQUE, retries with backoff on 2 busy cores). */
export const SYNC_WAIT_MS = 60_000;

export interface SyncLine {
  state: string | null;
  code: string | null;
  pending: boolean;
  text: string;
}

export interface VaultAccount {
  url: string;
  email: string;
  password: string;
}

/** Opens `#/vault` afresh (remount: the page reads vaultStatus again). */
export async function openVault(page: Page): Promise<void> {
  await route(page, '#/vault', `${tid('vault-connected')}, ${tid('vault-account-form')}`);
}

/**
 * Fills the account form and clicks "Create an account" or "Log in" (both ask the host
 * permission first, from the click); resolves once the page shows the connected card.
 */
export async function connect(page: Page, how: 'register' | 'login', a: VaultAccount): Promise<void> {
  await openVault(page);
  await fill(page, tid('vault-url'), a.url);
  await fill(page, tid('vault-email'), a.email);
  await fill(page, tid('vault-password'), a.password);
  await click(page, tid(how === 'register' ? 'vault-register' : 'vault-login'));
  const shown = await visible(page, `${tid('vault-connected')}, ${tid('error', tid('vault-account-form'))}`, SYNC_WAIT_MS).catch(
    async (e: unknown) => {
      // The form asks permissions.request({origins: [<vault origin>/*]}) first; if that is not
      // already granted the browser shows a prompt no headless harness can answer.
      const pattern = `${new URL(a.url).origin}/*`;
      const granted = await page.evaluate(hasOrigin, pattern).catch(() => 'unknown');
      throw new Error(`vault ${how}: neither connected nor an error (${e instanceof Error ? e.message : String(e)}); ` +
        `permissions.contains(${pattern}) = ${String(granted)}: a pending permission prompt blocks the form when false`);
    },
  );
  if ((await shown.evaluate((el) => el.getAttribute('data-testid'))) !== 'vault-connected') {
    const err = await shown.evaluate((el) => `${el.getAttribute('data-code')}: ${el.textContent ?? ''}`);
    throw new Error(`vault ${how} failed in the page: ${err}`);
  }
}

interface PermissionsGlobal {
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
}

/** Runs in the page: does the extension hold host permission for `pattern`? */
function hasOrigin(pattern: string): Promise<boolean> {
  const g = globalThis as unknown as { browser?: PermissionsGlobal; chrome: PermissionsGlobal };
  return (g.browser ?? g.chrome).permissions.contains({ origins: [pattern] });
}

/** The sync line as shown: `data-state`, `data-code`, whether "N changes waiting" shows. */
export function readSyncLine(page: Page): Promise<SyncLine> {
  return page.$eval(tid('vault-sync-state', tid('vault-connected')), (el) => ({
    state: el.getAttribute('data-state'),
    code: el.getAttribute('data-code'),
    pending: el.querySelector('[data-testid="vault-pending"]') !== null,
    text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
  }));
}

/**
 * Clicks "Sync now" and waits for that run to answer: the button is disabled while it runs
 * (a MutationObserver counts the two `disabled` flips, however fast), and the page then shows
 * the status the run returned. Returns the line it shows.
 */
export async function syncNowUi(page: Page): Promise<SyncLine> {
  await openVault(page);
  await visible(page, tid('vault-connected'));
  await page.$eval(tid('vault-sync-now'), (b) => {
    const w = window as unknown as { __cachetSyncFlips?: number };
    w.__cachetSyncFlips = 0;
    new MutationObserver((records) => {
      w.__cachetSyncFlips = (w.__cachetSyncFlips ?? 0) + records.length;
    }).observe(b, { attributes: true, attributeFilter: ['disabled'] });
  });
  await click(page, tid('vault-sync-now'));
  await page
    .waitForFunction(
      (sel) => {
        const b = document.querySelector(sel) as HTMLButtonElement | null;
        const flips = (window as unknown as { __cachetSyncFlips?: number }).__cachetSyncFlips ?? 0;
        return b !== null && !b.disabled && flips >= 2;
      },
      { timeout: SYNC_WAIT_MS, polling: 200 },
      tid('vault-sync-now'),
    )
    .catch(() => {
      throw new Error(`"Sync now" did not finish within ${SYNC_WAIT_MS} ms`);
    });
  return readSyncLine(page);
}

export async function vaultStatus(page: Page): Promise<VaultStatus> {
  const r = await sendFromPage(page, 'vaultStatus', {});
  if (!r.ok) throw new Error(`vaultStatus: ${r.error.code}`);
  return r.value;
}

/** Polls vaultStatus until `ok(status)`, or fails after `ms` with the last status seen. */
export async function waitForStatus(page: Page, what: string, ok: (s: VaultStatus) => boolean, ms = SYNC_WAIT_MS): Promise<VaultStatus> {
  let last: VaultStatus | undefined;
  try {
    return await until(
      async () => {
        last = await vaultStatus(page);
        return ok(last) ? last : undefined;
      },
      ms,
      what,
      250,
    );
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; last status ${JSON.stringify(last)}`);
  }
}

/** Nothing queued and no error: everything local is on the vault. */
export const settled = (s: VaultStatus): boolean => s.connected && s.pending === 0 && s.lastError === null && s.lastSyncAt !== null;

/** The background's view of one key, or null when it is not in the keyring. */
export async function keyOf(page: Page, fingerprint: string): Promise<KeyView | null> {
  const r = await sendFromPage(page, 'listKeys', {});
  if (!r.ok) throw new Error(`listKeys: ${r.error.code}`);
  return r.value.keys.find((k) => k.fingerprint === fingerprint) ?? null;
}

/** Polls listKeys until the key satisfies `ok` (null = absent), or fails with what it last saw. */
export async function waitForKey(
  page: Page,
  fingerprint: string,
  what: string,
  ok: (k: KeyView | null) => boolean,
  ms = SYNC_WAIT_MS,
): Promise<KeyView | null> {
  let last: KeyView | null | undefined;
  try {
    return await until(
      async () => {
        last = await keyOf(page, fingerprint);
        return ok(last) ? { k: last } : undefined;
      },
      ms,
      what,
      250,
    ).then((r) => r.k);
  } catch (e) {
    const seen = last === undefined ? 'nothing' : last === null ? 'no such key' : JSON.stringify({ revoked: last.revoked, expires: last.expires, status: last.status });
    throw new Error(`${e instanceof Error ? e.message : String(e)}; last seen: ${seen}`);
  }
}

/** Never cache unlocked keys: every operation that needs the secret asks, deterministically. */
export async function neverCache(page: Page): Promise<void> {
  const r = await sendFromPage(page, 'setSettings', { passphraseCacheMinutes: 0 });
  if (!r.ok) throw new Error(`setSettings: ${r.error.code}`);
}
