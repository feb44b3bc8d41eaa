// Vault sync end to end (issue #4 §5, second bullet): two browser profiles, A and B, on one
// real vault (`node dist/server/vault.mjs`, SQLite, loopback), driven through the options page.
// A key made on A reaches B and works there after B's passphrase; a revocation on A and an
// expiry change on B made while the vault is down both survive; a passphrase change and a
// deletion propagate; with the vault down local work goes on, the UI shows the sync error, and
// sync resumes when it is back. Pairs: two Chromium profiles, and Chromium + Firefox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launch, sendFromPage, type BrowserKind, type ExtensionHarness } from '../harness';
import { GpgHome } from '../support/gpg';
import { detailStatus, generateKey, openKey, readKeyList } from '../support/keys';
import { tid, visible } from '../support/ui';
import { changePassphrase, dateInputAhead, deleteKey, exportForGnupg, revoke, setPrimaryExpiry } from './key-actions';
import { VaultProcess } from './vault-process';
import {
  connect,
  keyOf,
  neverCache,
  openVault,
  readSyncLine,
  settled,
  syncNowUi,
  waitForKey,
  waitForStatus,
  type VaultAccount,
} from './vault-ui';

const FIRST = 'harbor lichen orbit 41 saffron';
const SECOND = 'tamarind glacier quill 86 ember';
const LATER = 'velvet canyon pylon 27 thistle';

const PAIRS: ReadonlyArray<readonly [BrowserKind, BrowserKind]> = [
  ['chromium', 'chromium'],
  ['chromium', 'firefox'],
];

describe.each(PAIRS)('vault sync between a %s profile (A) and a %s profile (B)', (kindA, kindB) => {
  let vault: VaultProcess;
  let a: ExtensionHarness;
  let b: ExtensionHarness;
  let pageA: Page;
  let pageB: Page;
  let gpg: GpgHome;
  let account: VaultAccount;
  let fpr = '';
  const expiryDate = dateInputAhead(500);
  /** Scenarios build on each other: one whose predecessor did not finish fails at once, saying so. */
  let finished = 0;
  const builtOn = (n: number) => expect(finished, `scenario ${n} did not finish; this one builds on it`).toBe(n);

  beforeAll(async () => {
    gpg = GpgHome.create();
    vault = await VaultProcess.launch();
    account = { url: vault.url, email: `alice-${kindA}-${kindB}@example.org`, password: 'vault password, not a key passphrase' };
    // One at a time: two launches at once starve the 2 cores and time out.
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
    await gpg?.close();
  });

  it('a key generated on A appears on B after login and works there with its passphrase', async () => {
    fpr = await generateKey(pageA, { name: 'Alice Vault', email: account.email, passphrase: FIRST });
    await connect(pageA, 'register', account);
    await waitForStatus(pageA, 'A to push its key after registering', settled);
    const lineA = await syncNowUi(pageA);
    expect(lineA).toMatchObject({ state: 'synced', code: null, pending: false });

    // B starts empty, logs in, and the login pulls A's key (secret part included).
    expect(await readKeyList(pageB)).toEqual([]);
    await connect(pageB, 'login', account);
    // VS-05: B waits until A approves it (device-approval.test.ts drives this step in the UI).
    const pending = await sendFromPage(pageA, 'vaultPendingDevices', {});
    if (!pending.ok) throw new Error(`vaultPendingDevices on A: ${pending.error.code}`);
    expect(pending.value.devices).toHaveLength(1);
    for (const d of pending.value.devices) await sendFromPage(pageA, 'vaultApproveDevice', { id: d.id });
    await sendFromPage(pageB, 'vaultSyncNow', {});
    await waitForKey(pageB, fpr, 'the key to reach B', (k) => k?.hasSecret === true);
    const rows = await readKeyList(pageB);
    expect(rows.map((r) => [r.fingerprint, r.status, r.hasSecret])).toEqual([[fpr, 'valid', true]]);
    // Both browsers are devices of the account; B's list marks B as current.
    await openVault(pageB);
    await visible(pageB, `${tid('vault-devices')} li[data-current="true"]`);
    expect(await pageB.$$eval(`${tid('vault-devices')} li`, (l) => l.length)).toBe(2);

    // The secret works on B once B enters the passphrase: gpg imports the export and signs.
    const exported = await exportForGnupg(pageB, fpr, [FIRST]);
    expect(exported.fileName).toBe(`${fpr}-private-gnupg.asc`);
    await gpg.gpgOk(['--import'], { input: exported.text, passphrase: FIRST });
    const signed = await gpg.gpg(['--armor', '--detach-sign', '-u', fpr], { input: 'made on B', passphrase: FIRST });
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('-----BEGIN PGP SIGNATURE-----');
    finished = 1;
  });

  it('a passphrase change on A reaches B: the old passphrase is refused there, the new one works', async () => {
    builtOn(1);
    await changePassphrase(pageA, fpr, FIRST, SECOND);
    expect(await syncNowUi(pageA)).toMatchObject({ state: 'synced', pending: false });
    expect(await syncNowUi(pageB)).toMatchObject({ state: 'synced', pending: false });
    await waitForStatus(pageB, 'B to settle after pulling the new protection', settled);

    const exported = await exportForGnupg(pageB, fpr, [FIRST, SECOND]);
    expect(exported.text).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');
    const fresh = GpgHome.create();
    try {
      await fresh.gpgOk(['--import'], { input: exported.text, passphrase: SECOND });
      const sign = (p: string) => fresh.gpg(['--armor', '--detach-sign', '-u', fpr], { input: 'proof', passphrase: p });
      expect((await sign(FIRST)).code).not.toBe(0);
      expect((await sign(SECOND)).code).toBe(0);
    } finally {
      await fresh.close();
    }
    finished = 2;
  });

  it('A revokes and B extends the expiry while the vault is down; after both sync, both hold both changes', async () => {
    builtOn(2);
    await vault.stop();
    await revoke(pageA, fpr, SECOND);
    await setPrimaryExpiry(pageB, fpr, expiryDate, SECOND);
    const localB = await keyOf(pageB, fpr);
    expect(localB?.revoked).toBe(false);
    expect(localB?.expires).not.toBeNull();
    // Both pushes failed and wait in the offline queue; each page says so.
    for (const page of [pageA, pageB]) {
      await waitForStatus(page, 'the push to fail while the vault is down', (s) => s.lastError?.code === 'VAULT_UNREACHABLE' && s.pending > 0);
    }

    await vault.start();
    // A pushes the revocation; B pulls it, merges its expiry in and pushes; A pulls the merge.
    expect(await syncNowUi(pageA)).toMatchObject({ state: 'synced', pending: false });
    expect(await syncNowUi(pageB)).toMatchObject({ state: 'synced', pending: false });
    await syncNowUi(pageA);
    const bothChanges = (k: Awaited<ReturnType<typeof keyOf>>) => k?.revoked === true && k.expires === localB?.expires;
    const onA = await waitForKey(pageA, fpr, 'A to hold the revocation and B\'s expiry', bothChanges);
    const onB = await waitForKey(pageB, fpr, 'B to hold A\'s revocation and its expiry', bothChanges);
    expect(onA).toMatchObject({ revoked: true, revocationReason: onB?.revocationReason, expires: onB?.expires, hasSecret: true });
    const [y, m, d] = expiryDate.split('-').map(Number) as [number, number, number];
    expect(Math.abs(Date.parse(onB!.expires!) - new Date(y, m - 1, d, 23, 59, 59).getTime())).toBeLessThan(2 * 86_400_000);
    for (const [page, label] of [[pageA, 'A'], [pageB, 'B']] as const) {
      await openKey(page, fpr);
      expect(await detailStatus(page, fpr), label).toBe('revoked');
      await waitForStatus(page, `${label} to settle`, settled);
    }
    finished = 3;
  });

  it('a deletion on A propagates to B', async () => {
    builtOn(3);
    await deleteKey(pageA, fpr);
    expect(await readKeyList(pageA)).toEqual([]);
    // "Sync now" runs after the deletion was queued (one chain in the background), so B pulls after it.
    expect(await syncNowUi(pageA)).toMatchObject({ state: 'synced', pending: false });
    expect(await syncNowUi(pageB)).toMatchObject({ state: 'synced', pending: false });
    await waitForKey(pageB, fpr, 'the key to leave B', (k) => k === null);
    expect(await readKeyList(pageB)).toEqual([]);
    finished = 4;
  });

  it('with the vault stopped local work goes on and the UI shows the error; sync resumes when it is back', async () => {
    builtOn(4);
    await vault.stop();
    const later = await generateKey(pageA, { name: 'Alice Later', email: account.email, passphrase: LATER });
    expect((await readKeyList(pageA)).map((r) => [r.fingerprint, r.hasSecret])).toEqual([[later, true]]);
    await waitForStatus(pageA, 'the push of the new key to fail', (s) => s.lastError?.code === 'VAULT_UNREACHABLE' && s.pending === 1);
    await openVault(pageA);
    expect(await readSyncLine(pageA)).toMatchObject({ state: 'error', code: 'VAULT_UNREACHABLE', pending: true });
    // "Sync now" during the outage fails the same way, and says so.
    expect(await syncNowUi(pageA)).toMatchObject({ state: 'error', code: 'VAULT_UNREACHABLE', pending: true });

    await vault.start();
    expect(await syncNowUi(pageA)).toMatchObject({ state: 'synced', code: null, pending: false });
    expect(await syncNowUi(pageB)).toMatchObject({ state: 'synced', code: null, pending: false });
    await waitForKey(pageB, later, 'the key made during the outage to reach B', (k) => k?.hasSecret === true);
    expect((await readKeyList(pageB)).map((r) => [r.fingerprint, r.status, r.hasSecret])).toEqual([[later, 'valid', true]]);
    finished = 5;
  });
});
