// Device approval end to end (VS-05): two browser profiles on one real vault
// (`node dist/server/vault.mjs`, SQLite, loopback), driven through the options page. Pairs:
// two Chromium profiles, and Chromium (A) + Firefox (B).
// A registers (the recovery secret is shown once, until "I wrote it down"); B logs in with the
// vault password and only waits: its page says so and shows a code, its keyring stays empty.
// A's page lists B with that same code; A approves; B's "Check again" brings A's key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launch, type BrowserKind, type ExtensionHarness } from '../harness';
import { generateKey, readKeyList } from '../support/keys';
import { click, gone, textOf, tid, visible } from '../support/ui';
import { VaultProcess } from './vault-process';
import { connect, neverCache, openVault, readSyncLine, settled, SYNC_WAIT_MS, waitForKey, waitForStatus, type VaultAccount } from './vault-ui';

const PASSPHRASE = 'juniper osprey lantern 58 quartz';

const KINDS: ReadonlyArray<readonly [BrowserKind, BrowserKind]> = [
  ['chromium', 'chromium'],
  ['chromium', 'firefox'],
];

describe.each(KINDS)('device approval between a %s profile (A) and a %s profile (B)', (kindA, kindB) => {
  let vault: VaultProcess;
  let a: ExtensionHarness;
  let b: ExtensionHarness;
  let pageA: Page;
  let pageB: Page;
  let account: VaultAccount;

  beforeAll(async () => {
    vault = await VaultProcess.launch();
    account = { url: vault.url, email: `approval-${kindA}-${kindB}@example.org`, password: 'vault password, not a key passphrase' };
    // One at a time: two launches at once starve the 2 cores.
    a = await launch(kindA, { backgroundIdleMs: 60_000 });
    b = await launch(kindB, { backgroundIdleMs: 60_000 });
    pageA = await a.openExtensionPage('options.html');
    pageB = await b.openExtensionPage('options.html');
    for (const page of [pageA, pageB]) {
      await page.bringToFront();
      await neverCache(page);
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await vault?.dispose();
  });

  it('B waits for approval with its keyring untouched; A approves the device showing the same code; B then syncs', async () => {
    const fpr = await generateKey(pageA, { name: 'Approval Owner', email: account.email, passphrase: PASSPHRASE });
    await connect(pageA, 'register', account);
    // The recovery secret: shown once after registering, gone after "I wrote it down".
    const secret = await textOf(pageA, tid('vault-recovery-secret-value'));
    expect(secret).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    await click(pageA, tid('vault-recovery-done'));
    await gone(pageA, tid('vault-recovery-secret'));
    await openVault(pageA);
    await visible(pageA, tid('vault-pending-devices'));
    expect(await pageA.$(tid('vault-recovery-secret'))).toBeNull();
    await waitForStatus(pageA, 'A to push its key after registering', settled);

    // B: password only → pending. The page says why and shows the code; nothing reaches the keyring.
    await connect(pageB, 'login', account);
    const pendingCard = await visible(pageB, tid('vault-approval-pending'), SYNC_WAIT_MS);
    expect(await pendingCard.evaluate((el) => el.textContent ?? '')).toContain('waits for approval');
    const codeB = await textOf(pageB, tid('vault-approval-code'));
    expect(codeB).toMatch(/^\d{3} \d{3}$/);
    expect(await readSyncLine(pageB)).toMatchObject({ state: 'error', code: 'VAULT_DEVICE_NOT_APPROVED' });
    // Only the pending panel: no device list, no approve buttons on the pending device.
    expect(await pageB.$(tid('vault-devices'))).toBeNull();
    expect(await pageB.$(tid('vault-pending-devices'))).toBeNull();
    expect(await readKeyList(pageB)).toEqual([]);
    // Back on the vault page (it asks the vault again on opening): still pending.
    await openVault(pageB);
    expect(await textOf(pageB, tid('vault-approval-code'))).toBe(codeB);

    // A: the pending device is listed with B's code; approve it.
    await openVault(pageA);
    const row = await visible(pageA, `${tid('vault-pending-devices')} li[data-code="${codeB}"]`, SYNC_WAIT_MS);
    expect(await row.evaluate((el) => el.textContent ?? '')).toContain(codeB);
    const id = (await row.evaluate((el) => el.getAttribute('data-testid') ?? '')).replace('vault-pending-', '');
    await click(pageA, tid(`vault-approve-${id}`));
    await gone(pageA, tid(`vault-pending-${id}`));

    // B, still on the page that shows it pending: "Check again" (no polling anywhere) → approved,
    // and the sync brings A's key with its secret.
    await click(pageB, tid('vault-approval-check'));
    await gone(pageB, tid('vault-approval-pending'), SYNC_WAIT_MS);
    await waitForKey(pageB, fpr, 'the key to reach B after approval', (k) => k?.hasSecret === true);
    await waitForStatus(pageB, 'B to settle after approval', settled);
    await openVault(pageB);
    await visible(pageB, `${tid('vault-devices')} li[data-current="true"]`);
  });
});
