/**
 * Cachet's frames inside a page (the secure editor `compose`, the viewer `read`). Firefox
 * (BiDi) reports extension frames as about:blank, so each frame is asked for its own href.
 */
import type { Frame, Page } from 'puppeteer-core';
import { until } from './wait';

export async function ourFrame(p: Page, name: 'compose' | 'read', timeoutMs = 30_000): Promise<Frame> {
  const re = new RegExp(`^(?:chrome|moz)-extension://[^/]+/${name}\\.html(?:#|$)`);
  return until(
    async () => {
      for (const f of p.frames()) {
        const href = await f.evaluate(() => location.href).catch(() => '');
        if (re.test(href)) return f;
      }
      return undefined;
    },
    timeoutMs,
    `the ${name === 'compose' ? 'secure editor' : 'viewer'} frame in the page`,
  );
}
