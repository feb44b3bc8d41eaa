// Smoke test of the built test extension in both browsers: it loads, the options page renders,
// the background answers a privileged page message, and answers again after being stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { BROWSER_KINDS, launch, sendFromPage, type ExtensionHarness } from './harness';
import identity from './harness/test-identity.json';

describe.each(BROWSER_KINDS)('smoke in %s', (kind) => {
  let harness: ExtensionHarness;
  let options: Page;

  beforeAll(async () => {
    harness = await launch(kind);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('loads the extension at its fixed test origin', () => {
    expect(harness.extensionOrigin).toBe(
      kind === 'chromium' ? `chrome-extension://${identity.chromeId}` : `moz-extension://${identity.firefoxUuid}`,
    );
  });

  it('opens and renders the options page', async () => {
    options = await harness.openExtensionPage('options.html');
    expect(await options.evaluate(() => location.href)).toBe(`${harness.extensionOrigin}/options.html`);
    await options.waitForFunction(() => (document.querySelector('#app')?.childElementCount ?? 0) > 0, {
      timeout: 15_000,
    });
  });

  it('answers getStatus from the options page', async () => {
    const reply = await sendFromPage(options, 'getStatus', {});
    expect(reply).toMatchObject({ ok: true });
  });

  it('answers again after the background is stopped', async () => {
    await harness.restartBackground();
    const reply = await sendFromPage(options, 'getStatus', {});
    expect(reply).toMatchObject({ ok: true });
  });
});
