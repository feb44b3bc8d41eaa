/** Key-level page objects: the key list, generation, the detail page and the import steps. */
import type { Page } from 'puppeteer-core';
import { click, choose, fill, fillNewPassphrase, route, tid, visible } from './ui';

export interface ListedKey {
  fingerprint: string;
  /** `data-status` of the row's badge: valid / expiring-soon / expired / revoked / invalid. */
  status: string;
  hasSecret: boolean;
  /** The grouped fingerprint as displayed. */
  shownFingerprint: string;
  /** The row's visible text, whitespace collapsed. */
  text: string;
}

/** Opens `#/keys` afresh and reads every row (empty list when the page says the keyring is empty). */
export async function readKeyList(page: Page): Promise<ListedKey[]> {
  await route(page, '#/keys', `${tid('key-list')}, ${tid('keys-empty')}`);
  return page.$$eval('[data-testid^="key-row-"]', (rows) =>
    rows.map((row) => ({
      fingerprint: (row.getAttribute('data-testid') ?? '').slice('key-row-'.length),
      status: row.querySelector('[data-testid="key-status"]')?.getAttribute('data-status') ?? '',
      hasSecret: row.querySelector('[data-testid="key-has-secret"]') !== null,
      shownFingerprint: (row.querySelector('code.fpr')?.textContent ?? '').trim(),
      text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );
}

/** Fingerprints of the list, sorted: the "keyring unchanged" comparison. */
export async function listedFingerprints(page: Page): Promise<string[]> {
  return (await readKeyList(page)).map((k) => `${k.fingerprint}:${k.status}:${k.hasSecret}`).sort();
}

export interface GenerateInput {
  name: string;
  email: string;
  passphrase: string;
}

/** Fills and submits the generate form (default ECC profile, no expiry); returns the new fingerprint. */
export async function generateKey(page: Page, g: GenerateInput): Promise<string> {
  await route(page, '#/generate', tid('generate-submit'));
  await fill(page, tid('generate-name'), g.name);
  await fill(page, tid('generate-email-0'), g.email);
  await fillNewPassphrase(page, 'generate-passphrase', g.passphrase);
  await choose(page, tid('generate-profile'), 'ecc');
  await click(page, tid('generate-submit'));
  await visible(page, tid('generate-done'), 60_000);
  const shown = await page.$eval(tid('generate-done-fingerprint'), (el) => el.textContent ?? '');
  return shown.replace(/\s+/g, '').toUpperCase();
}

/** Opens the detail page of a key and waits for it. */
export async function openKey(page: Page, fingerprint: string): Promise<void> {
  await route(page, `#/key/${fingerprint}`, tid(`key-detail-${fingerprint}`));
}

/** Status badge of the open detail page. */
export function detailStatus(page: Page, fingerprint: string): Promise<string | null> {
  return page.$eval(tid('key-status', tid(`key-detail-${fingerprint}`)), (el) => el.getAttribute('data-status'));
}

/** Import step 1: paste text and inspect; resolves once step 2 or an error shows. */
export async function pasteAndInspect(page: Page, text: string): Promise<'candidates' | 'error'> {
  await route(page, '#/import', tid('import-text'));
  await fill(page, tid('import-text'), text);
  await click(page, tid('import-inspect'));
  const which = await visible(page, `${tid('import-candidates')}, ${tid('error')}`, 60_000);
  return (await which.evaluate((el) => el.getAttribute('data-testid'))) === 'import-candidates' ? 'candidates' : 'error';
}

export interface ImportReportView {
  imported: string[];
  merged: string[];
  refused: Array<{ code: string; text: string }>;
}

/** Clicks "import" and reads the report (fingerprints without spaces). */
export async function commitAndReport(page: Page): Promise<ImportReportView> {
  await click(page, tid('import-commit'));
  await visible(page, tid('import-report'), 60_000);
  return page.$eval(tid('import-report'), (report) => {
    const fprs = (id: string): string[] =>
      [...report.querySelectorAll(`[data-testid="${id}"] li`)].map((li) => (li.textContent ?? '').replace(/\s+/g, ''));
    const refused = [...report.querySelectorAll('[data-testid="import-report-refused"] li')].map((li) => ({
      code: li.getAttribute('data-code') ?? '',
      text: (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
    }));
    return { imported: fprs('import-report-imported'), merged: fprs('import-report-merged'), refused };
  });
}

/** What step 2 shows for one candidate: its secret kind is implied by the fields it asks for. */
export async function candidateKind(page: Page, fingerprint: string): Promise<'public' | 'protected' | 'unprotected'> {
  await visible(page, tid(`import-candidate-${fingerprint}`));
  if (await page.$(tid(`import-passphrase-${fingerprint}`))) return 'protected';
  if (await page.$(tid(`import-new-passphrase-${fingerprint}`))) return 'unprotected';
  return 'public';
}
