/**
 * Browser API access. Chrome MV3 (`chrome.*`) and Firefox (`browser.*`) both return
 * promises from the APIs we use, so the polyfill's types are enough and no polyfill
 * bundle is shipped.
 */
import type { Browser } from 'webextension-polyfill';

const g = globalThis as typeof globalThis & { browser?: Browser; chrome?: Browser };

/** The extension API of the running browser (Firefox's `browser`, else Chrome's `chrome`). */
export const ext: Browser = (g.browser ?? g.chrome) as Browser;
