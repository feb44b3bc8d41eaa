/**
 * The adapter Gmail, Outlook and Yahoo share: finds compose views and opened messages as the
 * page (re)renders them, driven by MutationObserver (no polling, STYLE.md), and reports a
 * mismatch — a view open without the part the adapter needs — so the page can fall back to
 * the generic adapter (adapter-fallback.ts) instead of failing silently.
 */
import { observeDom } from '../dom/observe';
import { OWN_ATTR } from '../dom/own';
import type { Adapter, AdapterContext } from '../adapters/types';
import { createSiteComposeView } from './compose';
import { createSiteReadView, fetchSameOrigin, type Fetcher } from './read';
import type { Mismatch } from './self-check';
import type { SiteSpec } from './spec';

export interface SiteContext extends AdapterContext {
  /** Called once, at the first mismatch; the adapter keeps running until ctx.signal aborts. */
  onMismatch?(m: Mismatch): void;
}

export interface SiteAdapter extends Adapter {
  spec: SiteSpec;
  /** True if `el` is inside the editor of a compose view this adapter knows (or would find now). */
  knowsEditor(el: Element): boolean;
  /**
   * True if the editor `el` looks like a mail compose body even though no compose view holds
   * it: it has the adapter's editor selector, or a compose field (To) sits near it. Editors
   * elsewhere (Gmail's settings signature editor) are not compose bodies and must not make the
   * page fall back to basic mode.
   */
  looksLikeCompose(el: Element): boolean;
  start(ctx: SiteContext): void;
}

export interface SiteOptions {
  fetch?: Fetcher;
}

/** How far up from an editor its compose form may start (Gmail's editor sits 6 levels below its To field's table). */
const FORM_DEPTH = 10;

export function createSiteAdapter(spec: SiteSpec, opts: SiteOptions = {}): SiteAdapter {
  const s = spec.selectors;
  const fetcher = opts.fetch ?? fetchSameOrigin;
  return {
    id: spec.id,
    spec,
    detect: (doc: Document): boolean =>
      spec.hosts.includes(doc.location?.hostname ?? '') || doc.querySelector(s.app) !== null,
    knowsEditor: (el) => {
      const editor = el.closest(s.editor);
      return editor !== null && editor.closest(s.composeRoot) !== null;
    },
    looksLikeCompose: (el) => {
      if (el.matches(s.editor)) return true;
      // A few levels up is the form the editor belongs to; the whole page would say nothing.
      let up = el.parentElement;
      for (let i = 0; up && up !== el.ownerDocument.body && i < FORM_DEPTH; up = up.parentElement, i++) {
        const field = up.querySelector(s.composeField);
        if (field && !el.contains(field)) return true;
      }
      return false;
    },
    start(ctx: SiteContext): void {
      const { doc } = ctx;
      const seen = new WeakSet<Element>();
      let reported = false;
      const mismatch = (m: Mismatch): void => {
        if (reported || !ctx.onMismatch) return;
        reported = true;
        ctx.onMismatch(m);
      };
      const compose = (root: Element): void => {
        const editor = root.querySelector<HTMLElement>(s.editor);
        if (!editor) mismatch({ view: 'compose', missing: ['editor'] });
        if (!editor || seen.has(editor) || editor.closest(`[${OWN_ATTR}]`)) return;
        seen.add(editor);
        ctx.onCompose(createSiteComposeView(spec, root, editor));
      };
      const read = (message: Element): void => {
        if (message.getAttribute('aria-expanded') === 'false') return;
        const body = message.querySelector(s.body);
        if (!body) mismatch({ view: 'read', missing: ['body'] });
        if (!body || seen.has(body)) return;
        seen.add(body);
        ctx.onRead(createSiteReadView(spec, message, body, fetcher));
      };
      /** Roots of `kind` an added node is, contains, or (for a part rendered late) sits in. */
      const around = (el: Element, root: string, part: string): Element[] => {
        const out = el.matches(root) ? [el] : [...el.querySelectorAll(root)];
        if (out.length === 0 && (el.matches(part) || el.querySelector(part))) {
          const r = el.closest(root);
          if (r) out.push(r);
        }
        return out;
      };
      // The same rules as findMismatches (self-check.ts). A full pass at start; afterwards only
      // what was added is looked at, so a busy page costs a few selector matches per mutation.
      const scan = (added: readonly Node[] | null): void => {
        if (added === null) {
          for (const root of doc.querySelectorAll(s.composeRoot)) compose(root);
          for (const message of doc.querySelectorAll(s.message)) read(message);
          return;
        }
        for (const n of added) {
          const el = n.nodeType === 1 ? (n as Element) : null;
          if (!el || !el.isConnected || el.closest(`[${OWN_ATTR}]`)) continue;
          for (const root of around(el, s.composeRoot, s.editor)) compose(root);
          for (const message of around(el, s.message, s.body)) read(message);
        }
      };
      observeDom(doc.documentElement, ctx.signal, scan);
    },
  };
}
