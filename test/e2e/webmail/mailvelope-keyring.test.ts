/**
 * Issue 6 §1, keyring half, end to end on the real Roundcube (scripts/webmail/up.sh, its own
 * PORT_BASE and STATE) in both browsers:
 * - Roundcube's own Mailvelope key search and import dialog (what its send path runs for a
 *   recipient without a key; the key server is a loopback HKP server of this test, set in
 *   `rcmail.env.keyservers`) ends, after the user's "Import" in Cachet's confirmation WINDOW,
 *   with the key in Cachet's keyring and Roundcube's success message;
 * - a page script calling importPublicKey without the user confirming imports nothing;
 * - Roundcube's identity settings "Create key" flow with Cachet's key-generation container:
 *   the passphrase is typed in our frame, Roundcube's Generate arms it, our Generate makes the
 *   key, Roundcube gets the public key and lists the new key as a private key here;
 * - a page calling generate() without the user's click generates nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, type ExtensionHarness, extensionWindow, hrefOf, launch, sendFromPage, until } from '../harness';
import { GpgHome } from '../support/gpg';
import { webmailStack } from './stack';

const S = webmailStack(18300, 'mvkeyring');
const RC_ORIGIN = S.rc;
const PASS = { alice: 'alice-key-amber-lantern-52', newKey: 'violet-harbour-quiet-engine-83' };
const WAIT = 60_000;

type Rc = {
  rcmail: { env: Record<string, unknown>; mailvelope_keyring?: unknown; mailvelope_search_pubkeys(e: string[], r: () => boolean): void; display_message(m: string, t?: string): unknown };
  __msgs?: string[];
};

/** Records what Roundcube tells the user (display_message), to read its verdict without its layout. */
async function recordMessages(tab: Page): Promise<void> {
  await tab.evaluate(() => {
    const w = window as unknown as Rc;
    const shown: string[] = (w.__msgs = []);
    const original = w.rcmail.display_message.bind(w.rcmail);
    w.rcmail.display_message = (m: string, t?: string) => {
      shown.push(`${t ?? ''}: ${m}`);
      return original(m, t);
    };
  });
}

async function roundcubeSaid(tab: Page, text: string): Promise<void> {
  await tab.waitForFunction((x) => ((window as unknown as Rc).__msgs ?? []).some((m) => m.includes(x)), { timeout: WAIT }, text);
}

/** A tiny HKP server (draft-shaw-openpgp-hkp §3, machine-readable index) serving the given keys by address. */
function hkpServer(keys: Map<string, { fpr: string; armored: string; uid: string }>): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const search = (url.searchParams.get('search') ?? '').toLowerCase();
    res.setHeader('Access-Control-Allow-Origin', '*');
    const byId = [...keys.values()].find((k) => search.replace(/^0x/, '') !== '' && k.fpr.toLowerCase().endsWith(search.replace(/^0x/, '')));
    const hit = keys.get(search) ?? byId;
    if (url.pathname !== '/pks/lookup' || !hit) {
      res.writeHead(404).end();
      return;
    }
    if (url.searchParams.get('op') === 'index') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`info:1:1\npub:${hit.fpr}:22:255:1700000000::\nuid:${encodeURIComponent(hit.uid)}:1700000000::\n`);
    } else {
      res.writeHead(200, { 'content-type': 'application/pgp-keys' });
      res.end(hit.armored);
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Our page-API frame `path` in the tab (its iframe carries data-cachet="page-api-frame"). */
async function extensionFrame(tab: Page, path: string): Promise<Frame> {
  return until(
    async () => {
      for (const f of tab.frames()) {
        if (!(await hrefOf(f)).includes(`/${path}`)) continue; // PI-03: no session id in the URL
        const owner = await f.frameElement();
        if ((await owner?.evaluate((el) => el.getAttribute('data-cachet'))) === 'page-api-frame') return f;
      }
      return undefined;
    },
    WAIT,
    `the ${path} frame in the page`,
  );
}

async function keyring(h: ExtensionHarness): Promise<Array<{ fingerprint: string; hasSecret: boolean; emails: string[] }>> {
  const options = await h.openExtensionPage('options.html');
  try {
    const r = await sendFromPage(options, 'listKeys', {});
    if (!r.ok) throw new Error(`listKeys: ${r.error.code}`);
    return r.value.keys.map((k) => ({ fingerprint: k.fingerprint, hasSecret: k.hasSecret, emails: k.emails }));
  } finally {
    await options.close();
  }
}

/** Waits until the window shows the key with its buttons armed, or fails with the error it shows. */
async function asking(win: Page): Promise<void> {
  const el = await win.waitForSelector('[data-testid="page-api-import"][data-state="asking"][data-armed="yes"], [data-testid="error"]', { timeout: WAIT });
  if (await el!.evaluate((e) => e.getAttribute('data-testid') === 'error')) {
    throw new Error(`the import window shows an error: ${await el!.evaluate((e) => `${e.getAttribute('data-code')} ${e.textContent}`)}`);
  }
}

let hkp: Server;
let gpg: GpgHome;
const offered = new Map<string, { fpr: string; armored: string; uid: string }>();

beforeAll(async () => {
  S.up();
  gpg = GpgHome.create();
  for (const who of ['carol', 'dave']) {
    const uid = `${who} <${who}@example.test>`;
    const fpr = await gpg.generate(uid, 'future-default', '');
    offered.set(`${who}@example.test`, { fpr, armored: await gpg.exportPublic(fpr), uid });
  }
  hkp = await hkpServer(offered);
}, 300_000);
afterAll(async () => {
  await new Promise((ok) => hkp?.close(ok));
  S.down();
});

const KINDS = BROWSER_KINDS.filter((k) => process.env.KIND === undefined || k === process.env.KIND);

describe.each(KINDS)('Roundcube’s Mailvelope keyring flows with Cachet in %s', (kind) => {
  let h: ExtensionHarness;
  let tab: Page;
  let aliceFpr = '';

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    const options = await h.openExtensionPage('options.html');
    const r = await sendFromPage(options, 'generateKey', { name: 'alice', emails: ['alice@example.test'], passphrase: PASS.alice, profile: 'ecc', expiresInDays: null });
    if (!r.ok) throw new Error(`generateKey: ${r.error.code}`);
    aliceFpr = r.value.key.fingerprint;
    const on = await sendFromPage(options, 'setPageApiSite', { origin: RC_ORIGIN, enabled: true });
    if (!on.ok) throw new Error(`setPageApiSite: ${on.error.code}`);
    await options.close();
    tab = await h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await S.login(tab, 'alice');
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('Roundcube’s key search and import dialog: the key lands in Cachet after the user imports it in Cachet’s window', async () => {
    const carol = offered.get('carol@example.test')!;
    await tab.goto(`${RC_ORIGIN}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await tab.waitForFunction(() => (window as unknown as Rc).rcmail.mailvelope_keyring !== undefined, { timeout: WAIT });
    await recordMessages(tab);
    const port = (hkp.address() as AddressInfo).port;
    // What Roundcube runs when a recipient has no key (app.js mailvelope_submit_messageform → search).
    await tab.evaluate((ks) => {
      const w = window as unknown as Rc;
      w.rcmail.env.keyservers = [ks];
      w.rcmail.mailvelope_search_pubkeys(['carol@example.test'], () => true);
    }, `http://127.0.0.1:${port}/`);
    const importButton = await tab.waitForSelector('.pgpkeyimport button.importkey', { visible: true, timeout: WAIT });
    await importButton!.click();

    const win = await extensionWindow(h, 'page-api-import.html', WAIT);
    await asking(win);
    expect(await win.$eval('[data-testid="page-api-import-origin"]', (el) => el.textContent)).toBe(RC_ORIGIN);
    expect((await win.$eval('[data-testid="page-api-import-fpr"]', (el) => el.textContent ?? '')).replace(/\s/g, '')).toBe(carol.fpr);
    expect(await win.$eval('[data-testid="key-user-ids"]', (el) => el.textContent)).toContain('carol@example.test');
    expect((await keyring(h)).some((k) => k.fingerprint === carol.fpr)).toBe(false); // nothing before the click
    await (await win.$('[data-testid="page-api-import-accept"]'))!.click();

    // Roundcube's own success message for status !== 'REJECTED' (app.js: keyimportsuccess).
    await roundcubeSaid(tab, `Public key ${carol.fpr.slice(-8)} successfully imported`);
    const stored = (await keyring(h)).find((k) => k.fingerprint === carol.fpr);
    expect(stored).toMatchObject({ hasSecret: false, emails: ['carol@example.test'] });
  }, 240_000);

  it('a page script’s importPublicKey imports nothing until the user confirms; refusing answers REJECTED; private keys are refused', async () => {
    const dave = offered.get('dave@example.test')!;
    await tab.evaluate((armored) => {
      const w = window as unknown as { mailvelope: { getKeyring(): Promise<{ importPublicKey(a: string): Promise<string> }> }; __imp?: Promise<string> };
      w.__imp = w.mailvelope.getKeyring().then((k) => k.importPublicKey(armored));
    }, dave.armored);
    const win = await extensionWindow(h, 'page-api-import.html', WAIT);
    await asking(win);
    // A second request while the window is open is refused: no window spam.
    const second = await tab.evaluate(async (armored) => {
      const w = window as unknown as { mailvelope: { getKeyring(): Promise<{ importPublicKey(a: string): Promise<string> }> } };
      return (await w.mailvelope.getKeyring()).importPublicKey(armored).then(
        (s) => s,
        (e: { code?: string }) => `error:${e.code}`,
      );
    }, dave.armored);
    expect(second).toBe('error:FORBIDDEN');
    expect((await keyring(h)).some((k) => k.fingerprint === dave.fpr)).toBe(false);
    await (await win.$('[data-testid="page-api-import-reject"]'))!.click();
    expect(await tab.evaluate(() => (window as unknown as { __imp: Promise<string> }).__imp)).toBe('REJECTED');
    expect((await keyring(h)).some((k) => k.fingerprint === dave.fpr)).toBe(false);

    const secret = await gpg.exportSecret(dave.fpr, '');
    const refused = await tab.evaluate(async (armored) => {
      const w = window as unknown as { mailvelope: { getKeyring(): Promise<{ importPublicKey(a: string): Promise<string> }> } };
      return (await w.mailvelope.getKeyring()).importPublicKey(armored).then(
        (s) => s,
        (e: { code?: string }) => `error:${e.code}`,
      );
    }, secret);
    expect(refused).toBe('error:BAD_REQUEST');
  }, 240_000);

  it('Roundcube’s identity "Create key": the passphrase typed in Cachet’s frame, the key generated on our Generate, Roundcube gets the public key', async () => {
    await tab.goto(`${RC_ORIGIN}/?_task=settings&_action=identities`, { waitUntil: 'load' });
    const rowId = await (await tab.waitForSelector('#identities-table tbody tr', { timeout: WAIT }))!.evaluate((el) => el.id.replace(/^rcmrow/, ''));
    await tab.goto(`${RC_ORIGIN}/?_task=settings&_action=edit-identity&_iid=${rowId}`, { waitUntil: 'load' });
    await tab.waitForFunction(() => (window as unknown as Rc).rcmail.mailvelope_keyring !== undefined, { timeout: WAIT });
    await recordMessages(tab);
    const create = await tab.waitForSelector('.identity-encryption-block button.create', { visible: true, timeout: WAIT });
    await create!.click();
    const frame = await extensionFrame(tab, 'page-api-keygen.html');
    await frame.waitForSelector('[data-testid="page-api-keygen"][data-step="idle"]', { timeout: WAIT });
    expect(await frame.$eval('[data-testid="page-api-keygen-uids"]', (el) => el.textContent)).toContain('alice@example.test');
    await frame.type('[data-testid="page-api-keygen-pass"]', PASS.newKey);
    await frame.type('[data-testid="page-api-keygen-pass-confirm"]', PASS.newKey);
    expect(await frame.$eval('[data-testid="page-api-keygen-generate"]', (el) => (el as HTMLButtonElement).disabled)).toBe(true);

    // Roundcube's Generate calls generator.generate(): it arms ours, it does not make a key.
    await (await tab.waitForSelector('button.generate', { visible: true, timeout: WAIT }))!.click();
    await frame.waitForSelector('[data-testid="page-api-keygen"][data-step="armed"]', { timeout: WAIT });
    const before = await keyring(h);
    expect(before.filter((k) => k.hasSecret).map((k) => k.fingerprint)).toEqual([aliceFpr]);
    await (await frame.waitForSelector('[data-testid="page-api-keygen-generate"]:not([disabled])', { timeout: WAIT }))!.click();
    // Roundcube got a string with 'BEGIN PGP' (its check) and says so (keypaircreatesuccess);
    // it then rebuilds its identity block, which removes our frame.
    await roundcubeSaid(tab, 'A new key pair has been successfully created for alice@example.test');

    const made = (await keyring(h)).filter((k) => k.hasSecret && k.fingerprint !== aliceFpr);
    expect(made).toHaveLength(1);
    expect(made[0]!.emails).toEqual(['alice@example.test']);
  }, 300_000);

  it('a page calling generate() without the user’s click generates nothing', async () => {
    await tab.evaluate(() => {
      const box = document.createElement('div');
      box.id = 'cachet-test-keygen';
      document.body.appendChild(box);
      const w = window as unknown as { mailvelope: { getKeyring(): Promise<{ createKeyGenContainer(s: string, o: unknown): Promise<{ generate(): Promise<string> }> }> }; __gen?: Promise<string> };
      w.__gen = w.mailvelope
        .getKeyring()
        .then((k) => k.createKeyGenContainer('#cachet-test-keygen', { userIds: [{ email: 'alice@example.test', fullName: 'alice' }], keySize: 4096 }))
        .then((g) => g.generate());
    });
    const before = (await keyring(h)).length;
    const frame = await until(
      async () => {
        for (const f of tab.frames()) {
          if (!(await hrefOf(f)).includes('/page-api-keygen.html')) continue;
          const owner = await f.frameElement();
          if (await owner?.evaluate((el) => el.parentElement?.id === 'cachet-test-keygen')) return f;
        }
        return undefined;
      },
      WAIT,
      'the page script’s keygen frame',
    );
    // The page's generate() reached the background: our frame is armed and waits for the user.
    await frame.waitForSelector('[data-testid="page-api-keygen"][data-step="armed"]', { timeout: WAIT });
    expect(await frame.$eval('[data-testid="page-api-keygen-generate"]', (el) => (el as HTMLButtonElement).disabled)).toBe(true); // no passphrase typed
    expect((await keyring(h)).length).toBe(before);
    const settled = await tab.evaluate(() => Promise.race([(window as unknown as { __gen: Promise<string> }).__gen.then(() => 'resolved'), Promise.resolve('pending')]));
    expect(settled).toBe('pending');

    // PI-03: the page frames a copy of our keygen frame (its src is all it can read, and it
    // names no session) and hands it a forged claim: the copy shows only the error state — no
    // user IDs, no passphrase fields, no Generate button for a clickjacking overlay.
    const src = await tab.$eval('#cachet-test-keygen iframe', (el) => (el as HTMLIFrameElement).src);
    expect(src).not.toMatch(/#/);
    await tab.evaluate((url: string) => {
      const f = document.createElement('iframe');
      f.name = 'cachet-copy';
      f.src = url;
      f.addEventListener('load', () => f.contentWindow?.postMessage({ cachetClaim: { sessionId: '00000000-0000-4000-8000-000000000000', token: '0'.repeat(32) } }, '*'));
      document.body.appendChild(f);
    }, src);
    const copy = await until(
      async () => {
        for (const f of tab.frames()) if ((await f.evaluate(() => window.name).catch(() => '')) === 'cachet-copy') return f;
        return undefined;
      },
      WAIT,
      'the copied keygen frame',
    );
    await copy.waitForSelector('[data-testid="frame-unclaimed"] [data-testid="error"]', { timeout: WAIT });
    expect(await copy.$('[data-testid="page-api-keygen"]')).toBeNull();
    expect(await copy.$('[data-testid="page-api-keygen-generate"]')).toBeNull();
    // Ours is still the one armed.
    expect(await frame.$eval('[data-testid="page-api-keygen"]', (el) => el.getAttribute('data-step'))).toBe('armed');
  }, 240_000);
});
