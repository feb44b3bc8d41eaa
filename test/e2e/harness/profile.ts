import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { withTimeout } from './wait';

/** A fresh browser profile directory under the OS temp dir. */
export function freshProfile(kind: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `cachet-e2e-${kind}-`));
}

/** The built extension must exist: say how to make it rather than failing deep inside the browser. */
export function assertBuilt(distDir: string, marker: string): void {
  if (!existsSync(join(distDir, 'manifest.json')) || !existsSync(join(distDir, marker))) {
    throw new Error(`${distDir} is not a test build (no manifest.json or ${marker}); run \`npm run build:test\` first`);
  }
}

/** Closes the browser (killing our own child process if it hangs) and removes the profile. */
export async function closeAndClean(browser: Browser | undefined, profileDir: string): Promise<void> {
  if (browser) {
    try {
      await withTimeout(browser.close(), 15_000, 'browser.close()');
    } catch {
      browser.process()?.kill('SIGKILL');
    }
  }
  await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
}
