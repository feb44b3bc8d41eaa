/**
 * Graceful failure when a webmail changes its page (issue 8 §2): a site adapter runs under
 * this wrapper, and the moment its selectors find nothing where they should — a compose view
 * open without an editor, an opened message without a body, or the user typing in an editor
 * outside every compose view the adapter knows — the site adapter stops and the generic
 * adapter takes over the page, and the background is told so the popup can say it
 * ("Cachet doesn't recognise this Gmail page; using basic mode") instead of failing silently.
 * Views already found stay connected (the controller keeps them); only the finding changes.
 */
import type { AdapterStatusReport } from '../shared/adapter-status-protocol';
import { sendContent } from '../shared/messaging';
import type { Adapter, AdapterContext } from './adapters/types';
import { OWN_ATTR } from './dom/own';
import type { SiteAdapter } from './site/adapter';
import type { Mismatch } from './site/self-check';

export type StatusReporter = (status: AdapterStatusReport) => void;

/** Default reporter: one ContentProtocol message; a background that is away is not an error here. */
export const reportToBackground: StatusReporter = (status) => {
  void sendContent('reportAdapterStatus', status).catch(() => undefined);
};

export interface FallbackAdapter extends Adapter {
  /** The site adapter's id until it falls back, then the generic adapter's. */
  readonly id: string;
  readonly site: SiteAdapter;
  /** Null while the site adapter runs; the mismatch that made it fall back afterwards. */
  readonly fellBack: Mismatch | null;
}

/** The contenteditable element a focus landed in (webmail body editors are contenteditable). */
function editable(target: EventTarget | null): HTMLElement | null {
  if (!(target instanceof Element) || target.closest(`[${OWN_ATTR}]`)) return null;
  return target.closest<HTMLElement>('[contenteditable="true"], [contenteditable=""]');
}

export function withFallback(site: SiteAdapter, generic: Adapter, report: StatusReporter = reportToBackground): FallbackAdapter {
  let active: Adapter = site;
  let fellBack: Mismatch | null = null;
  return {
    get id() {
      return active.id;
    },
    site,
    get fellBack() {
      return fellBack;
    },
    detect: (doc) => site.detect(doc),
    start(ctx: AdapterContext): void {
      const own = new AbortController();
      ctx.signal.addEventListener('abort', () => own.abort(), { once: true });
      const fallBack = (m: Mismatch, refocus: HTMLElement | null = null): void => {
        if (fellBack || ctx.signal.aborted) return;
        fellBack = m;
        own.abort();
        active = generic;
        generic.start(ctx);
        report({ adapter: site.id, state: 'fallback', view: m.view, missing: m.missing });
        // The generic adapter listens for focus from now on: hand it the editor the user is in.
        refocus?.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      };
      report({ adapter: site.id, state: 'ok', view: null, missing: [] });
      ctx.doc.addEventListener(
        'focusin',
        (e) => {
          const host = editable(e.target);
          if (!host || site.knowsEditor(host) || host.closest(site.spec.selectors.composeRoot)) return;
          if (!site.looksLikeCompose(host)) return; // a settings/signature editor is not a compose view
          fallBack({ view: 'compose', missing: ['composeRoot', 'editor'] }, host);
        },
        { capture: true, signal: own.signal },
      );
      site.start({ ...ctx, signal: own.signal, onMismatch: (m) => fallBack(m) });
    },
  };
}

/** Wraps site adapters (those built on site/adapter.ts); others run as they are. */
export function isSiteAdapter(a: Adapter): a is SiteAdapter {
  return 'spec' in a && 'knowsEditor' in a;
}
