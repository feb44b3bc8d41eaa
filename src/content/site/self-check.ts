/**
 * An adapter's self-check: which of its views and selectors match a document, and where a
 * view is open but a part the adapter needs is missing (the signal to fall back to the
 * generic adapter). Pure DOM queries: the test suite runs it on every fixture, and the
 * adapter runs the same rules on the live page.
 */
import type { SiteSpec } from './spec';

export type SiteView = 'compose' | 'read';

export interface Mismatch {
  view: SiteView;
  /** Selector roles that matched nothing where they should have. */
  missing: string[];
}

export interface SelfCheck {
  adapter: string;
  /** The app shell matched. */
  app: boolean;
  /** How many compose views (with an editor) and opened messages (with a body) were found. */
  views: Record<SiteView, number>;
  /** Selector role → number of matches in the document. */
  selectors: Record<string, number>;
  mismatches: Mismatch[];
}

/** Compose roots without an editor, and messages whose opened state shows no body. */
export function findMismatches(spec: SiteSpec, doc: Document): Mismatch[] {
  const s = spec.selectors;
  const out: Mismatch[] = [];
  for (const root of doc.querySelectorAll(s.composeRoot)) {
    if (!root.querySelector(s.editor)) out.push({ view: 'compose', missing: ['editor'] });
  }
  for (const m of doc.querySelectorAll(s.message)) {
    // Collapsed messages have no body on purpose: only an expanded message must show one.
    if (m.getAttribute('aria-expanded') === 'false') continue;
    if (!m.querySelector(s.body)) out.push({ view: 'read', missing: ['body'] });
  }
  return out;
}

export function selfCheck(spec: SiteSpec, doc: Document): SelfCheck {
  const s = spec.selectors;
  const selectors: Record<string, number> = {};
  for (const [role, sel] of Object.entries(s)) selectors[role] = doc.querySelectorAll(sel).length;
  let compose = 0;
  for (const root of doc.querySelectorAll(s.composeRoot)) if (root.querySelector(s.editor)) compose++;
  let read = 0;
  for (const m of doc.querySelectorAll(s.message)) if (m.querySelector(s.body)) read++;
  return {
    adapter: spec.id,
    app: doc.querySelector(s.app) !== null,
    views: { compose, read },
    selectors,
    mismatches: findMismatches(spec, doc),
  };
}
