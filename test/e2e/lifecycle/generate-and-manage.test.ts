// The whole life of a key made in the browser, driven through the options page only:
// generate → revocation certificate offer → list → change passphrase (proved with gpg) →
// change expiry → export public (read back by gpg) → revoke → delete. Issue #2 §6/§7.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { BROWSER_KINDS, launch, type ExtensionHarness } from '../harness';
import { capturedDownload, ChromiumDownloads, downloadCount, hookDownloads } from '../support/downloads';
import { GpgHome } from '../support/gpg';
import { detailStatus, generateKey, openKey, readKeyList } from '../support/keys';
import { answerPassphraseDialog, click, choose, errorIn, fill, fillNewPassphrase, gone, passphraseDialogOpen, textOf, tid, visible } from '../support/ui';

const FIRST_PASSPHRASE = 'quartz meadow lantern 58 violin';
const NEW_PASSPHRASE = 'copper tundra whistle 93 mango';

/** `YYYY-MM-DD` about 400 days ahead (local time, what a date input holds). */
function dateInputAhead(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The date as the page itself formats it (its UI language, medium date style, local day). */
function pageFormatsDate(page: Page, dateInput: string): Promise<string> {
  return page.evaluate((v) => {
    const g = globalThis as unknown as { browser?: I18nGlobal; chrome?: I18nGlobal };
    const lang = (g.browser ?? g.chrome)?.i18n.getUILanguage() || 'en';
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(y, m - 1, d, 23, 59, 59));
  }, dateInput);
}
interface I18nGlobal {
  i18n: { getUILanguage(): string };
}

describe.each(BROWSER_KINDS)('key lifecycle through the options page in %s', (kind) => {
  let h: ExtensionHarness;
  let page: Page;
  let chromeDownloads: ChromiumDownloads | undefined;
  let gpg: GpgHome;
  let fpr = '';
  let seen = 0; // downloads caught by the page hook so far

  /** The next download the page offers (and, in Chromium, the same bytes from the file on disk). */
  async function nextDownload(): Promise<{ fileName: string; text: string }> {
    const d = await capturedDownload(page, seen++);
    expect(d.href).toMatch(/^blob:/);
    if (chromeDownloads) expect(await chromeDownloads.file(d.fileName)).toBe(d.text);
    return d;
  }

  beforeAll(async () => {
    gpg = GpgHome.create();
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    page = await h.openExtensionPage('options.html');
    await hookDownloads(page);
    if (kind === 'chromium') chromeDownloads = await ChromiumDownloads.start(page);
  });
  afterAll(async () => {
    await chromeDownloads?.close();
    await h?.close();
    await gpg?.close();
  });

  it('generates an ECC key and offers its revocation certificate', async () => {
    fpr = await generateKey(page, { name: 'Alice Lifecycle', email: 'alice@example.org', passphrase: FIRST_PASSPHRASE });
    expect(fpr).toMatch(/^[0-9A-F]{40}$/);
    await click(page, tid('generate-download-revocation'));
    const cert = await nextDownload();
    expect(cert.fileName).toBe(`${fpr}-revocation.asc`);
    // A key revocation signature (type 0x20) made by this key, readable by gpg.
    const packets = await gpg.listPackets(cert.text);
    expect(packets).toMatch(/sigclass 0x20/);
    expect(packets).toContain(fpr.slice(-16));
  });

  it('lists the key as valid, with its grouped fingerprint and secret part', async () => {
    const rows = await readKeyList(page);
    expect(rows.map((r) => r.fingerprint)).toEqual([fpr]);
    const row = rows[0]!;
    expect(row.status).toBe('valid');
    expect(row.hasSecret).toBe(true);
    expect(row.shownFingerprint).toBe(fpr.match(/.{4}/g)!.join(' '));
    expect(row.text).toContain('Alice Lifecycle');
  });

  it('refuses a wrong current passphrase in the form, then changes it (gpg proves the new one)', async () => {
    await openKey(page, fpr);
    const form = `form:has(${tid('change-passphrase-old')})`;
    await fill(page, tid('change-passphrase-old'), 'not my passphrase at all 11');
    await fillNewPassphrase(page, 'change-passphrase-new', NEW_PASSPHRASE);
    await click(page, tid('key-action-change-passphrase'));
    const err = await errorIn(page, form);
    expect(err.code).toBe('WRONG_PASSPHRASE');
    expect(err.text.length).toBeGreaterThan(5);

    await fill(page, tid('change-passphrase-old'), FIRST_PASSPHRASE);
    await fillNewPassphrase(page, 'change-passphrase-new', NEW_PASSPHRASE);
    await click(page, tid('key-action-change-passphrase'));
    await visible(page, tid('change-passphrase-done'));
    await gone(page, tid('error', form));

    // Export "for GnuPG": nothing is cached yet, so the passphrase dialog asks; the NEW one works.
    await click(page, tid('key-action-export-gnupg'));
    await answerPassphraseDialog(page, NEW_PASSPHRASE);
    const exported = await nextDownload();
    expect(exported.fileName).toBe(`${fpr}-private-gnupg.asc`);
    expect(exported.text).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');

    // A fresh gpg imports it with the new passphrase and can sign with it; the old one fails.
    const fresh = GpgHome.create();
    try {
      await fresh.gpgOk(['--import'], { input: exported.text, passphrase: NEW_PASSPHRASE });
      const sign = (p: string) => fresh.gpg(['--armor', '--detach-sign', '-u', fpr], { input: 'proof', passphrase: p });
      expect((await sign(FIRST_PASSPHRASE)).code).not.toBe(0);
      const signed = await sign(NEW_PASSPHRASE);
      expect(signed.code, signed.stderr).toBe(0);
      expect(signed.stdout).toContain('-----BEGIN PGP SIGNATURE-----');
    } finally {
      await fresh.close();
    }
  });

  it('changes the expiry of the primary key; the detail page and gpg show the new date', async () => {
    await openKey(page, fpr);
    expect(await textOf(page, tid('key-expires'))).not.toMatch(/\d{4}/);
    const date = dateInputAhead(400);
    await click(page, tid('expiry-primary-never'));
    await fill(page, tid('expiry-primary-date'), date);
    await click(page, tid('key-action-set-expiry'));
    // The gnupg export does not cache the unlocked key, so this asks (and caches, 10 min default).
    await answerPassphraseDialog(page, NEW_PASSPHRASE);
    await visible(page, tid('expiry-done'));
    expect(await textOf(page, tid('key-expires'))).toBe(await pageFormatsDate(page, date));

    // Export public → gpg reads the same key, with that expiry.
    await click(page, tid('key-action-export-public'));
    const pub = await nextDownload();
    expect(pub.fileName).toBe(`${fpr}-public.asc`);
    expect(pub.text).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    expect(pub.text).not.toContain('PRIVATE KEY');
    const rows = await gpg.showKeys(pub.text);
    expect(rows.find((r) => r[0] === 'fpr')?.[9]).toBe(fpr);
    const pubRow = rows.find((r) => r[0] === 'pub')!;
    const expiresAt = new Date(Number(pubRow[6]) * 1000);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    expect(Math.abs(expiresAt.getTime() - new Date(y, m - 1, d, 23, 59, 59).getTime())).toBeLessThan(2 * 86_400_000);
    const dry = await gpg.gpg(['--import', '--dry-run'], { input: pub.text });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/IMPORT_RES 1 /); // one key processed, nothing refused (doc/DETAILS)
  });

  it('revokes with a reason (cached key, no dialog): status "revoked" in detail and list', async () => {
    await openKey(page, fpr);
    const before = await downloadCount(page);
    await choose(page, tid('revoke-reason'), 'retired');
    await fill(page, tid('revoke-message'), 'moved to a new key');
    await click(page, tid('key-action-revoke'));
    await visible(page, `${tid('revoke-confirm-dialog')}[open]`);
    await click(page, tid('revoke-confirm-ok'));
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-status') === 'revoked',
      { timeout: 30_000 },
      tid('key-status', tid(`key-detail-${fpr}`)),
    );
    expect(await passphraseDialogOpen(page)).toBe(false);
    expect(await detailStatus(page, fpr)).toBe('revoked');
    expect(await downloadCount(page)).toBe(before);
    const row = (await readKeyList(page)).find((r) => r.fingerprint === fpr);
    expect(row?.status).toBe('revoked');
  });

  it('deletes the key after DELETE is typed; it is gone from the list', async () => {
    await openKey(page, fpr);
    await click(page, tid('key-action-delete'));
    await visible(page, `${tid('delete-confirm-dialog')}[open]`);
    expect(await page.$eval(tid('delete-confirm-ok'), (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await fill(page, tid('delete-confirm-input'), 'DELETE');
    await click(page, tid('delete-confirm-ok'));
    await visible(page, `${tid('key-list')}, ${tid('keys-empty')}`);
    expect(await readKeyList(page)).toEqual([]);
  });
});
