/**
 * The fallback adapter for any page: editors become compose views when the user focuses them
 * (the button appears then, nowhere else), and armored blocks in the page text become read
 * views only once they scroll into view, so a page with 500 blocks costs one text scan and
 * no frames until the user looks (DS-03).
 */
import { idFor } from '../../dom/observe';
import { OWN_ATTR } from '../../dom/own';
import type { Adapter, AdapterContext, ReadView } from '../types';
import type { WatchDeps } from '../../dom/watch';
import { watchArmor } from './armor-watch';
import { createEditorView } from './compose';
import { findPageBlocks, type FoundBlock } from './read';
import { SELECTORS as S } from './selectors';

/** Calls `onVisible` once when `el` first intersects the viewport. */
export type Visibility = (el: Element, onVisible: () => void, signal: AbortSignal) => void;

const MARGIN_PX = 200;

/** Within the viewport's height grown by MARGIN_PX (the IntersectionObserver's rootMargin below)? One layout read. */
function inViewNow(el: Element): boolean {
  const r = el.getBoundingClientRect();
  // A box of 0×0 is not rendered (display:none): the observer says when it is.
  return (r.width > 0 || r.height > 0) && r.bottom >= -MARGIN_PX && r.top <= innerHeight + MARGIN_PX;
}

/**
 * A block already in view opens at once (the observer's first report would wait for the next
 * frame to be rendered, ~16 ms or more); the others when they scroll into view. All of one
 * batch is measured before any of them opens, so mounting a frame never forces a second layout.
 */
function intersectionVisibility(): Visibility {
  let io: IntersectionObserver | null = null;
  const waiting = new Map<Element, () => void>();
  return (el, onVisible, signal) => {
    if (inViewNow(el)) {
      // After the scan that found it (a microtask), so every block of the batch is measured first.
      queueMicrotask(() => signal.aborted || onVisible());
      return;
    }
    if (!io) {
      io = new IntersectionObserver((entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          io?.unobserve(e.target);
          const cb = waiting.get(e.target);
          waiting.delete(e.target);
          cb?.();
        }
      }, { rootMargin: `${MARGIN_PX}px` });
      signal.addEventListener('abort', () => io?.disconnect(), { once: true });
    }
    waiting.set(el, onVisible);
    io.observe(el);
  };
}

function editorFor(target: EventTarget | null): HTMLElement | null {
  if (!(target instanceof Element) || target.closest(`[${OWN_ATTR}]`)) return null;
  if (target.matches(S.textarea)) return target as HTMLTextAreaElement;
  // The editing host, not an inner node: the outermost element that is still editable.
  let host: HTMLElement | null = target.closest<HTMLElement>(S.editable);
  while (host?.parentElement?.closest<HTMLElement>(S.editable)) host = host.parentElement.closest<HTMLElement>(S.editable);
  return host;
}

const isOurs = (n: unknown): boolean => n instanceof Element && n.closest(`[${OWN_ATTR}]`) !== null;

/** Removes the button mounted before `el` (controller → mountButton 'before'); keeps it while our frame is open there. */
function dropButton(el: Element): boolean {
  let button: Element | null = null;
  for (let p = el.previousElementSibling; p?.hasAttribute(OWN_ATTR); p = p.previousElementSibling) {
    if (p.getAttribute(OWN_ATTR) === 'frame') return false;
    if (p.getAttribute(OWN_ATTR) === 'button') button = p;
  }
  button?.remove();
  return button !== null;
}

export interface GenericOptions {
  visibility?: Visibility;
  /** The page's MutationObserver, clock and idle callback by default; tests pass fakes. */
  watch?: WatchDeps;
}

export function createGenericAdapter(opts: GenericOptions = {}): Adapter {
  return {
    id: 'generic',
    detect: () => true,
    start(ctx: AdapterContext): void {
      const { doc, signal } = ctx;
      const visible = opts.visibility ?? intersectionVisibility();
      const editors = new WeakSet<Element>();
      doc.addEventListener(
        'focusin',
        (e) => {
          const el = editorFor(e.target);
          if (!el || editors.has(el)) return;
          editors.add(el);
          ctx.onCompose(createEditorView(el));
        },
        { capture: true, signal },
      );
      // The on-focus button goes once the user leaves the editor, unless focus went to our own
      // button or frame. Focus moving into an iframe has no relatedTarget: look once the move is done.
      doc.addEventListener(
        'focusout',
        (e) => {
          const el = editorFor(e.target);
          if (!el || !editors.has(el) || isOurs(e.relatedTarget)) return;
          const drop = (): void => {
            const now = doc.activeElement;
            if (signal.aborted || now === el || isOurs(now) || (now && el.contains(now))) return;
            if (dropButton(el)) editors.delete(el);
          };
          if (e.relatedTarget) drop();
          else setTimeout(drop, 0);
        },
        { capture: true, signal },
      );

      const claimed = new WeakSet<Element>();
      const report = (found: FoundBlock[]): void => {
        const byElement = new Map<Element, FoundBlock[]>();
        for (const f of found) byElement.set(f.element, [...(byElement.get(f.element) ?? []), f]);
        for (const [element, blocks] of byElement) {
          const view: ReadView = {
            id: idFor(element, 'generic-read'),
            root: element,
            blocks: () => blocks.map(({ kind, armored }) => ({ element, kind, armored })),
            sender: () => null,
          };
          visible(element, () => ctx.onRead(view), signal);
        }
      };
      // The whole page once (one textContent search when it holds no armor), then only what
      // changes, and the whole page again after a mutation storm (dom/watch.ts).
      const whole = (): void => {
        if (doc.body) report(findPageBlocks(doc.body, claimed));
      };
      whole();
      watchArmor(
        doc.documentElement,
        signal,
        (candidates) => {
          for (const root of candidates) {
            if (!root.isConnected || root.closest(`[${OWN_ATTR}]`)) continue;
            report(findPageBlocks(root, claimed));
          }
        },
        whole,
        opts.watch,
      );
    },
  };
}

export const genericAdapter = createGenericAdapter();
