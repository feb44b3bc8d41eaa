/**
 * The yahoo adapter's self-check: which views and selectors match a document and where a view
 * is open without the part the adapter needs. Run by the tests on every fixture (conventions
 * test, outlook-yahoo.test.ts); kept out of the content script (the live page uses the same rules
 * inline, site/adapter.ts), which must stay under 30 KB.
 */
import { selfCheck as siteSelfCheck, type SelfCheck } from '../../site/self-check';
import { YAHOO } from './adapter';

export function selfCheck(doc: Document): SelfCheck {
  return siteSelfCheck(YAHOO, doc);
}
