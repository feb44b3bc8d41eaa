// Bad input on the import page: each case shows a clear, coded message in the UI and leaves
// the keyring as it was. Issue #2 §7 "Bad input"; SECURITY.md KM-04 (user ID display), KM-06
// (overwritten public parameters). Whole-input failures show the `error` box of the paste
// form (data-code); per-key refusals show in the refusal lists (`li[data-code]`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { BROWSER_KINDS, launch, sendFromPage, type ExtensionHarness } from '../harness';
import { GpgHome } from '../support/gpg';
import { candidateKind, commitAndReport, listedFingerprints, pasteAndInspect } from '../support/keys';
import { errorIn, fill, route, tid, visible } from '../support/ui';

const PASSPHRASE = 'bad input tester 42 lighthouse';
const PASTE_FORM = `form:has(${tid('import-text')})`;

interface Inputs {
  baseline: string; // a public key stored before every case
  protectedFpr: string;
  protectedArmored: string;
  overwritten: string; // KM-06
  overwrittenFpr: string;
  rsa1024: string;
  hostileUid: { armored: string; fingerprint: string; userId: string };
  lookalike: { armored: string; fingerprint: string };
}

let gpg: GpgHome;
let input: Inputs;

/**
 * KM-06: keep the encrypted secret part, replace the encryption subkey's public point with
 * another genuine key's (the technique of test/unit/core/keys/protect.test.ts).
 */
async function overwriteSubkeyPoint(armored: string, donorArmored: string): Promise<string> {
  const victim = await openpgp.readPrivateKey({ armoredKey: armored });
  const donor = await openpgp.readKey({ armoredKey: donorArmored });
  const params = victim.subkeys[0]!.keyPacket.publicParams as { Q: Uint8Array };
  const donorQ = (donor.subkeys[0]!.keyPacket.publicParams as { Q: Uint8Array }).Q;
  expect(params.Q).not.toEqual(donorQ);
  params.Q = donorQ;
  return victim.armor();
}

/** A 6 KB user ID with markup and bidi controls (KM-04), on an otherwise valid public key. */
async function hostileUidKey(): Promise<Inputs['hostileUid']> {
  const markup = '<img src=x onerror="window.__cachetPwned=1"><script>window.__cachetPwned=2</script><b>bold</b>';
  const bidi = '\u202Egpj.exe\u202C \u2066isolated\u2069 ';
  const name = (markup + bidi).repeat(Math.ceil(6144 / (markup.length + bidi.length))).slice(0, 6144);
  const { publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ name, email: 'mallory@example.org' }], format: 'object' });
  return { armored: publicKey.armor(), fingerprint: publicKey.getFingerprint().toUpperCase(), userId: name };
}

/** KM-04 homoglyphs: a Cyrillic "а" in a Latin name, and a punycode domain that reads "аррӏе.com". */
async function lookalikeKey(): Promise<Inputs['lookalike']> {
  const { publicKey } = await openpgp.generateKey({
    type: 'ecc',
    userIDs: [{ name: 'Carol', email: 'carol@xn--80ak6aa92e.com' }, { name: '\u0410lice', email: 'alice@example.org' }],
    format: 'object',
  });
  return { armored: publicKey.armor(), fingerprint: publicKey.getFingerprint().toUpperCase() };
}

beforeAll(async () => {
  gpg = GpgHome.create();
  const baselineFpr = await gpg.generate('Bea Baseline <bea@example.org>', 'future-default', '');
  const protectedFpr = await gpg.generate('Pam Protected <pam@example.org>', 'future-default', PASSPHRASE);
  const victimFpr = await gpg.generate('Vic Victim <vic@example.org>', 'future-default', PASSPHRASE);
  const donorFpr = await gpg.generate('Mallory Donor <mallory@example.org>', 'future-default', '');
  const weakFpr = await gpg.generate('Old Rsa <old@example.org>', 'rsa1024', '');
  input = {
    baseline: await gpg.exportPublic(baselineFpr),
    protectedFpr,
    protectedArmored: await gpg.exportSecret(protectedFpr, PASSPHRASE),
    overwritten: await overwriteSubkeyPoint(await gpg.exportSecret(victimFpr, PASSPHRASE), await gpg.exportPublic(donorFpr)),
    overwrittenFpr: victimFpr,
    rsa1024: await gpg.exportPublic(weakFpr),
    hostileUid: await hostileUidKey(),
    lookalike: await lookalikeKey(),
  };
});
afterAll(async () => {
  await gpg?.close();
});

describe.each(BROWSER_KINDS)('bad input on the import page in %s', (kind) => {
  let h: ExtensionHarness;
  let page: Page;
  let keyring: string[] = [];
  let baselineFpr = '';

  /** Refusals listed at inspection (step 2) or in the report, as `code` list. */
  function refusalCodes(listTestId: 'import-refused' | 'import-report-refused'): Promise<string[]> {
    return page.$$eval(`${tid(listTestId)} li`, (lis) => lis.map((li) => li.getAttribute('data-code') ?? ''));
  }

  async function expectPasteError(text: string, code: string): Promise<void> {
    expect(await pasteAndInspect(page, text)).toBe('error');
    const err = await errorIn(page, PASTE_FORM);
    expect(err.code).toBe(code);
    expect(err.text.length).toBeGreaterThan(10);
  }

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    page = await h.openExtensionPage('options.html');
    const r = await sendFromPage(page, 'commitImport', { text: input.baseline, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    expect(r.ok && r.value.imported).toHaveLength(1);
    keyring = await listedFingerprints(page);
    expect(keyring).toHaveLength(1);
    baselineFpr = keyring[0]!.split(':')[0]!;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('malformed armor → MALFORMED_ARMOR, keyring unchanged', async () => {
    await expectPasteError('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!! this is *not* base64 ~~~\n-----END PGP PUBLIC KEY BLOCK-----\n', 'MALFORMED_ARMOR');
    expect(await listedFingerprints(page)).toEqual(keyring);
  });

  it('a truncated key → MALFORMED_ARMOR, keyring unchanged', async () => {
    const lines = input.protectedArmored.trimEnd().split('\n');
    const truncated = [...lines.slice(0, Math.floor(lines.length / 2)), '-----END PGP PRIVATE KEY BLOCK-----'].join('\n');
    await expectPasteError(truncated, 'MALFORMED_ARMOR');
    expect(await listedFingerprints(page)).toEqual(keyring);
  });

  it('a wrong passphrase → refused WRONG_PASSPHRASE, keyring unchanged', async () => {
    expect(await pasteAndInspect(page, input.protectedArmored)).toBe('candidates');
    await fill(page, tid(`import-passphrase-${input.protectedFpr}`), 'wrong wrong wrong 99 wrong');
    const report = await commitAndReport(page);
    expect(report.imported).toEqual([]);
    expect(report.refused.map((r) => r.code)).toEqual(['WRONG_PASSPHRASE']);
    expect(await listedFingerprints(page)).toEqual(keyring);
  });

  it('a private key whose public parameters were overwritten (KM-06) → KEY_INVALID, keyring unchanged', async () => {
    const fpr = input.overwrittenFpr;
    const step = await pasteAndInspect(page, input.overwritten);
    expect(step).toBe('candidates');
    const atInspect = await refusalCodes('import-refused');
    if (atInspect.length === 0) {
      // Not caught by parsing: unlocking with the right passphrase must validate and refuse it.
      expect(await candidateKind(page, fpr)).toBe('protected');
      await fill(page, tid(`import-passphrase-${fpr}`), PASSPHRASE);
      const report = await commitAndReport(page);
      expect(report.imported).toEqual([]);
      expect(report.merged).toEqual([]);
      expect(report.refused.map((r) => r.code)).toEqual(['KEY_INVALID']);
    } else {
      expect(atInspect).toEqual(['KEY_INVALID']);
    }
    expect(await listedFingerprints(page)).toEqual(keyring);
  });

  it('a 6 KB user ID with HTML and bidi characters is shown as escaped text and flagged', async () => {
    const { armored, fingerprint: fpr } = input.hostileUid;
    expect(await pasteAndInspect(page, armored)).toBe('candidates');
    const cand = tid(`import-candidate-${fpr}`);
    await visible(page, cand);
    const shown = await page.$eval(cand, (el) => ({
      text: el.textContent ?? '',
      injected: el.querySelectorAll('img, script, b, iframe').length,
      warned: el.querySelector('.badge-warn') !== null,
    }));
    expect(shown.injected).toBe(0);
    expect(shown.text).toContain('<img src=x onerror=');
    expect(shown.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(shown.warned).toBe(true);
    expect(await candidateKind(page, fpr)).toBe('public');
    expect(await commitAndReport(page)).toEqual({ imported: [fpr], merged: [], refused: [] });

    await route(page, `#/key/${fpr}`, tid(`key-detail-${fpr}`));
    const detail = await page.$eval(tid('key-user-ids'), (el) => ({
      text: el.textContent ?? '',
      injected: el.querySelectorAll('img, script, b, iframe').length,
      sanitized: el.querySelector('[data-testid="uid-sanitized"]') !== null,
    }));
    expect(detail.injected).toBe(0);
    expect(detail.text).toContain('<img src=x onerror=');
    expect(detail.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(detail.sanitized).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __cachetPwned?: number }).__cachetPwned)).toBeUndefined();
    expect(await page.$$eval('img, script:not([src])', (els) => els.length)).toBe(0);

    // Accepted as a public key: the keyring gains exactly this one.
    keyring = [...keyring, `${fpr}:valid:false`].sort();
    expect(await listedFingerprints(page)).toEqual(keyring);
  });

  it('KM-04: look-alike user IDs carry the warning at import and in the key details; a punycode domain says how it reads', async () => {
    const { armored, fingerprint: fpr } = input.lookalike;
    expect(await pasteAndInspect(page, armored)).toBe('candidates');
    const cand = tid(`import-candidate-${fpr}`);
    await visible(page, cand);
    const atImport = await page.$eval(cand, (el) => ({
      badges: el.querySelectorAll('[data-testid="uid-lookalike"]').length,
      readsAs: [...el.querySelectorAll('[data-testid="uid-lookalike-reads-as"]')].map((e) => e.textContent ?? ''),
    }));
    expect(atImport.badges).toBe(2);
    expect(atImport.readsAs).toHaveLength(1);
    expect(atImport.readsAs[0]).toContain('carol@\u0430\u0440\u0440\u04CF\u0435.com');
    expect(await commitAndReport(page)).toEqual({ imported: [fpr], merged: [], refused: [] });

    await route(page, `#/key/${fpr}`, tid(`key-detail-${fpr}`));
    const detail = await page.$eval(tid('key-user-ids'), (el) => ({
      badges: el.querySelectorAll('[data-testid^="uid-lookalike-"]:not([data-testid$="-reads-as"])').length,
      readsAs: [...el.querySelectorAll('[data-testid$="-reads-as"]')].map((e) => e.textContent ?? ''),
      text: el.textContent ?? '',
    }));
    expect(detail.badges).toBe(2);
    expect(detail.readsAs).toEqual([expect.stringContaining('carol@\u0430\u0440\u0440\u04CF\u0435.com')]);
    expect(detail.text).toContain('carol@xn--80ak6aa92e.com'); // the address itself is shown as written
    // A Latin user ID has no badge.
    await route(page, `#/key/${baselineFpr}`, tid(`key-detail-${baselineFpr}`));
    expect(await page.$$eval(`${tid('key-user-ids')} [data-testid^="uid-lookalike"]`, (els) => els.length)).toBe(0);

    keyring = [...keyring, `${fpr}:valid:false`].sort();
    expect(await listedFingerprints(page)).toEqual(keyring);
  });

  it('an RSA-1024 key → refused WEAK_KEY, nothing to import, keyring unchanged', async () => {
    expect(await pasteAndInspect(page, input.rsa1024)).toBe('candidates');
    expect(await refusalCodes('import-refused')).toEqual(['WEAK_KEY']);
    expect(await page.$$('[data-testid^="import-candidate-"]')).toHaveLength(0);
    expect(await page.$eval(tid('import-commit'), (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await listedFingerprints(page)).toEqual(keyring);
  });

  it('a 10 MB paste → TOO_LARGE, the page stays responsive, keyring unchanged', async () => {
    await route(page, '#/import', tid('import-text'));
    // A paste as the browser does it: a `paste` event carrying the text (built inside the page,
    // not shipped over the automation protocol); unless a handler prevents it, the text goes in.
    const pasted = await page.$eval(tid('import-text'), (el) => {
      const body = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2\n'.repeat(160_000); // 10.2 MB
      const text = `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${body}-----END PGP PUBLIC KEY BLOCK-----\n`;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      (el as HTMLElement).focus();
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      if (el.dispatchEvent(event)) {
        const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
        setter.call(el, text);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return text.length;
    });
    expect(pasted).toBeGreaterThan(10_000_000);

    // Responsive right after the paste: the page answers within a few seconds…
    const t0 = Date.now();
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
    const answeredMs = Date.now() - t0;
    expect(answeredMs, `the page was frozen ${answeredMs} ms after the paste`).toBeLessThan(5_000);

    // …and the size is refused with a coded message, whether by the page or the background.
    const inspect = await page.$eval(tid('import-inspect'), (b) => !(b as HTMLButtonElement).disabled);
    if (inspect) await page.click(tid('import-inspect'));
    const err = await errorIn(page, PASTE_FORM, 60_000);
    expect(err.code).toBe('TOO_LARGE');
    expect(err.text.length).toBeGreaterThan(10);

    // Still usable: editing and navigating work, and nothing was stored.
    const t1 = Date.now();
    await fill(page, tid('import-text'), 'still editable');
    expect(await page.$eval(tid('import-text'), (el) => (el as HTMLTextAreaElement).value)).toBe('still editable');
    expect(Date.now() - t1).toBeLessThan(5_000);
    expect(await listedFingerprints(page)).toEqual(keyring);
  });
});
