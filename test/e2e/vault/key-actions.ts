/**
 * Key operations on the options page's detail view that the vault test makes on one profile
 * or the other. Unlocked keys are never cached in these profiles (settings 0), so every
 * operation that needs the secret opens the passphrase dialog, which these helpers answer.
 */
import type { Page } from 'puppeteer-core';
import { capturedDownload, downloadCount, hookDownloads, type CapturedDownload } from '../support/downloads';
import { openKey } from '../support/keys';
import { answerPassphraseDialog, choose, click, errorIn, fill, fillNewPassphrase, tid, visible } from '../support/ui';

/** `YYYY-MM-DD`, `days` ahead in local time (what a date input holds). */
export function dateInputAhead(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Export "for GnuPG": answers the dialog with each passphrase in turn; every one but the last
 * must be refused with WRONG_PASSPHRASE inside the re-opened dialog. Returns the download.
 */
export async function exportForGnupg(page: Page, fingerprint: string, passphrases: readonly string[]): Promise<CapturedDownload> {
  await openKey(page, fingerprint);
  await hookDownloads(page);
  const index = await downloadCount(page);
  await click(page, tid('key-action-export-gnupg'));
  for (const [i, p] of passphrases.entries()) {
    await answerPassphraseDialog(page, p);
    if (i < passphrases.length - 1) {
      const err = await errorIn(page, `${tid('passphrase-dialog')}[open]`);
      if (err.code !== 'WRONG_PASSPHRASE') throw new Error(`expected WRONG_PASSPHRASE in the dialog, got ${err.code}: ${err.text}`);
    }
  }
  return capturedDownload(page, index);
}

/** The change-passphrase form of the detail page. */
export async function changePassphrase(page: Page, fingerprint: string, oldPassphrase: string, newPassphrase: string): Promise<void> {
  await openKey(page, fingerprint);
  await fill(page, tid('change-passphrase-old'), oldPassphrase);
  await fillNewPassphrase(page, 'change-passphrase-new', newPassphrase);
  await click(page, tid('key-action-change-passphrase'));
  await visible(page, tid('change-passphrase-done'), 90_000);
}

/** Revoke form → confirmation → passphrase dialog; waits for the detail badge to say revoked. */
export async function revoke(page: Page, fingerprint: string, passphrase: string): Promise<void> {
  await openKey(page, fingerprint);
  await choose(page, tid('revoke-reason'), 'retired');
  await fill(page, tid('revoke-message'), 'retired while the vault was down');
  await click(page, tid('key-action-revoke'));
  await visible(page, `${tid('revoke-confirm-dialog')}[open]`);
  await click(page, tid('revoke-confirm-ok'));
  await answerPassphraseDialog(page, passphrase);
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-status') === 'revoked',
    { timeout: 60_000, polling: 200 },
    tid('key-status', tid(`key-detail-${fingerprint}`)),
  );
}

/** Sets the primary key's expiry (the key has none yet: uncheck "never" first). */
export async function setPrimaryExpiry(page: Page, fingerprint: string, date: string, passphrase: string): Promise<void> {
  await openKey(page, fingerprint);
  await click(page, tid('expiry-primary-never'));
  await fill(page, tid('expiry-primary-date'), date);
  await click(page, tid('key-action-set-expiry'));
  await answerPassphraseDialog(page, passphrase);
  await visible(page, tid('expiry-done'), 60_000);
}

/** Delete → type DELETE → OK; the page goes back to the list. */
export async function deleteKey(page: Page, fingerprint: string): Promise<void> {
  await openKey(page, fingerprint);
  await click(page, tid('key-action-delete'));
  await visible(page, `${tid('delete-confirm-dialog')}[open]`);
  await fill(page, tid('delete-confirm-input'), 'DELETE');
  await click(page, tid('delete-confirm-ok'));
  await visible(page, `${tid('key-list')}, ${tid('keys-empty')}`);
}
