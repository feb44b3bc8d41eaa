/**
 * Key lookup from the secure editor in real browsers (issue 5 §4). A loopback server plays
 * the recipients' domain: it serves the compose page and the domain's Web Key Directory
 * (direct method, `Access-Control-Allow-Origin: *` as real WKD hosts do); the test build maps
 * the domain to it (storage.local `lookupTestWkd`, honoured only under __TEST__).
 * - carol's key is only in WKD → the look-up finds it, shows the source and fingerprint, the
 *   user confirms in Cachet's confirmation window (PI-03: not in the frame the page could
 *   cover; the window shows the same fingerprint and source), and the mail is encrypted to it.
 * - bob already has a key; WKD offers a DIFFERENT one → shown as a conflict with both
 *   fingerprints; the user keeps the current key; nothing is replaced (KM-01).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import type { Frame } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wkdHash } from '../../../src/core/lookup/wkd';
import { fingerprintGroups } from '../../../src/core/keys/armor';
import { answerConfirmWindow, BROWSER_KINDS, type ExtensionHarness, launch, ourFrame, ProbeFailure, sendFromPage, until } from '../harness';

const PASS = 'orbit-lantern-velvet-42-quartz';
const SECRET = 'Lookup test: the kestrel is fed at noon.';
const DOMAIN = 'wkd.test';
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>compose</title></head><body>
<h1>New mail</h1><textarea id="body" rows="8" cols="60"></textarea></body></html>`;

const domClick = async (frame: Frame, selector: string) => {
  const el = await frame.waitForSelector(selector, { timeout: 60_000 });
  await el!.evaluate((b) => (b as HTMLElement).click());
};

describe.each(BROWSER_KINDS)('key lookup in the secure editor (%s)', (kind) => {
  let h: ExtensionHarness;
  let server: Server;
  let origin: string;
  let carol: openpgp.PrivateKey;
  let carolFpr = '';
  let bob1Fpr = '';
  let bob2Fpr = '';
  const wkdRequests: string[] = [];

  beforeAll(async () => {
    const c = await openpgp.generateKey({ userIDs: [{ name: 'Carol', email: `carol@${DOMAIN}` }], format: 'object' });
    const b1 = await openpgp.generateKey({ userIDs: [{ name: 'Bob', email: `bob@${DOMAIN}` }], format: 'object' });
    const b2 = await openpgp.generateKey({ userIDs: [{ name: 'Bob (other)', email: `bob@${DOMAIN}` }], format: 'object' });
    carol = c.privateKey;
    carolFpr = c.publicKey.getFingerprint().toUpperCase();
    bob1Fpr = b1.publicKey.getFingerprint().toUpperCase();
    bob2Fpr = b2.publicKey.getFingerprint().toUpperCase();
    const wkd = new Map<string, Uint8Array>([
      [`/.well-known/openpgpkey/hu/${await wkdHash('carol')}`, c.publicKey.write()],
      [`/.well-known/openpgpkey/hu/${await wkdHash('bob')}`, b2.publicKey.write()],
    ]);
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path.startsWith('/.well-known/openpgpkey/')) {
        wkdRequests.push(req.url ?? '');
        const body = wkd.get(path);
        const policy = path === '/.well-known/openpgpkey/policy';
        res.writeHead(body || policy ? 200 : 404, { 'content-type': 'application/octet-stream', 'access-control-allow-origin': '*' });
        res.end(body ? Buffer.from(body) : policy ? '' : undefined);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    h = await launch(kind, { backgroundIdleMs: 15_000 });
    const options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    const imported = await sendFromPage(options, 'commitImport', { text: b1.publicKey.armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
    if (!imported.ok) throw new Error(`commitImport: ${imported.error.code}`);
    // Test build only: WKD of DOMAIN is served by the loopback server.
    await options.evaluate(async (map) => {
      type Local = { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
      const g = globalThis as unknown as { browser?: Local; chrome: Local };
      await (g.browser ?? g.chrome).storage.local.set({ lookupTestWkd: map });
    }, { [DOMAIN]: origin });
    await options.close();
  });

  afterAll(async () => {
    await h?.close();
    server?.close();
  });

  it('finds carol over WKD with its source, imports after confirmation, encrypts to it; never replaces bob', async () => {
    // A retry starts where the first attempt left the keyring: carol must be unknown again.
    const options = await h.openExtensionPage('options.html');
    const listed = await sendFromPage(options, 'listKeys', {});
    if (!listed.ok) throw new Error(listed.error.code);
    if (listed.value.keys.some((k) => k.fingerprint === carolFpr)) {
      const removed = await sendFromPage(options, 'deleteKey', { fingerprint: carolFpr, confirm: carolFpr });
      if (!removed.ok) throw new Error(`deleteKey: ${removed.error.code}`);
    }
    await options.close();
    const tab = await h.browser.newPage();
    await tab.goto(`${origin}/compose`);
    await tab.focus('#body');
    const button = await tab.waitForSelector('[data-cachet="button"]', { timeout: 30_000 });
    await button!.click();
    const frame = await ourFrame(tab, 'compose');

    const to = await frame.waitForSelector('[data-testid="recipient-input-to"]', { timeout: 30_000 });
    await to!.type(`carol@${DOMAIN}`);
    await tab.keyboard.press('Enter');
    await frame.waitForSelector(`[data-testid="recipient"][data-address="carol@${DOMAIN}"][data-problem="missing"]`, { timeout: 30_000 });
    await to!.type(`bob@${DOMAIN}`);
    await tab.keyboard.press('Enter');
    await frame.waitForSelector(`[data-testid="recipient"][data-address="bob@${DOMAIN}"].chip-ok`, { timeout: 30_000 });

    await domClick(frame, '[data-testid="lookup-run"]');
    const carolFound = `[data-testid="lookup-result"][data-address="carol@${DOMAIN}"] [data-testid="lookup-found"][data-fingerprint="${carolFpr}"]`;
    await frame.waitForSelector(`${carolFound}[data-state="new"]`, { timeout: 60_000 });
    expect(await frame.$eval(`${carolFound} [data-testid="lookup-found-fpr"]`, (e) => e.textContent)).toBe(fingerprintGroups(carolFpr));
    expect(await frame.$$eval(`${carolFound} [data-testid="lookup-sources"] li`, (els) => els.map((e) => e.getAttribute('data-source')))).toEqual(['wkd']);
    expect(wkdRequests.some((u) => u.includes('?l=carol'))).toBe(true);

    // bob: the WKD key is a conflict with both fingerprints shown; keep the current one.
    const bobConflict = `[data-testid="lookup-result"][data-address="bob@${DOMAIN}"] [data-testid="lookup-found"][data-state="conflict"][data-fingerprint="${bob2Fpr}"]`;
    await frame.waitForSelector(bobConflict, { timeout: 30_000 });
    expect(await frame.$eval(`${bobConflict} [data-testid="lookup-conflict-current"]`, (e) => e.textContent)).toBe(fingerprintGroups(bob1Fpr));
    expect(await frame.$eval(`${bobConflict} [data-testid="lookup-conflict-found"]`, (e) => e.textContent)).toBe(fingerprintGroups(bob2Fpr));
    await domClick(frame, `${bobConflict} [data-testid="lookup-keep"]`);
    await frame.waitForSelector(`${bobConflict} [data-testid="lookup-kept"]`, { timeout: 30_000 });

    // Import carol's key: only after the confirmation in Cachet's window. Refused once first:
    // nothing is imported; then approved, showing carol's fingerprint and where it was found.
    await domClick(frame, `${carolFound} [data-testid="lookup-import"]`);
    await frame.waitForSelector('[data-testid="lookup-in-window"]', { timeout: 30_000 });
    await answerConfirmWindow(h, false, 'lookupImport');
    await frame.waitForSelector('[data-testid="lookup-cancelled"]', { timeout: 30_000 });
    expect(await frame.$(`[data-testid="recipient"][data-address="carol@${DOMAIN}"].chip-ok`)).toBeNull();
    await domClick(frame, `${carolFound} [data-testid="lookup-import"]`);
    await answerConfirmWindow(h, true, 'lookupImport', async (win) => {
      expect(await win.$eval('[data-testid="confirm-fpr"]', (e) => e.textContent)).toBe(fingerprintGroups(carolFpr));
      expect(await win.$$eval('[data-testid="lookup-sources"] li', (els) => els.map((e) => e.getAttribute('data-source')))).toEqual(['wkd']);
    });
    await frame.waitForSelector(`[data-testid="recipient"][data-address="carol@${DOMAIN}"].chip-ok`, { timeout: 60_000 });

    await (await frame.$('[data-testid="compose-text"]'))!.type(SECRET);
    await domClick(frame, '[data-testid="compose-submit"]');
    const input = await frame.waitForSelector('[data-testid="passphrase-dialog-input"]', { timeout: 30_000 });
    await input!.type(PASS);
    await domClick(frame, '[data-testid="passphrase-dialog-ok"]');
    const armored = await until(
      async () => {
        const v = await tab.$eval('#body', (el) => (el as HTMLTextAreaElement).value);
        if (v.includes('-----END PGP MESSAGE-----')) return v;
        const shown = frame.detached ? null : await frame.$eval('[data-testid="error"]', (el) => el.textContent).catch(() => null);
        if (shown) throw new ProbeFailure(`the secure editor shows: ${shown}`);
        return undefined;
      },
      90_000,
      'the ciphertext in the page textarea',
    );
    const message = await openpgp.readMessage({ armoredMessage: armored });
    expect((await openpgp.decrypt({ message, decryptionKeys: carol })).data).toBe(SECRET);
    // Encrypted to bob's CURRENT key, not to the one WKD offered.
    const bob1Enc = message.getEncryptionKeyIDs().map((k) => k.toHex().toUpperCase());
    const keys = await sendFromPage(await h.openExtensionPage('options.html'), 'listKeys', {});
    if (!keys.ok) throw new Error(keys.error.code);
    const stored = keys.value.keys.map((k) => k.fingerprint);
    expect(stored).toContain(carolFpr);
    expect(stored).toContain(bob1Fpr);
    expect(stored).not.toContain(bob2Fpr);
    const bob1 = keys.value.keys.find((k) => k.fingerprint === bob1Fpr)!;
    expect(bob1.subkeys.some((s) => bob1Enc.includes(s.keyId))).toBe(true);
    await tab.close();
  });
});
