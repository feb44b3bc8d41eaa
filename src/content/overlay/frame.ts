/**
 * Our compose/viewer frames in the page. The frame URL carries no session id: the frame gets
 * its session from a single-use claim we post into it after each load (frame-claim.ts, PI-03);
 * it asks the background for its work itself. While a frame is up, the element it covers
 * is hidden (not removed: the webmail keeps its state). If the page re-renders and drops the
 * frame, it is put back once next to the same element, never re-opened as a new session.
 */
import { OWN_ATTR } from '../dom/own';
import { deliverClaims, issueClaim, type ClaimIssuer, type PendingSession } from './frame-claim';

export const MIN_HEIGHT = 40;
export const MAX_HEIGHT = 8000;

export interface MountedFrame {
  iframe: HTMLIFrameElement;
  /** The page element it stands in for. */
  target: Element;
  setHeight(px: number): void;
  /** Puts the frame back after a re-render dropped it; false if it was already done once or the target is gone. */
  remount(newTarget?: Element): boolean;
  remove(): void;
}

export function clampHeight(px: number): number {
  if (!Number.isFinite(px)) return MIN_HEIGHT;
  return Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, px)));
}

/**
 * Mounts our frame before `target` now; `session` is the session it will show, which the
 * background may still be opening (the frame's own load, the longest step, overlaps that).
 */
export function mountFrame(session: Promise<PendingSession>, frameUrl: string, target: Element, height: number, issue: ClaimIssuer = issueClaim): MountedFrame {
  const doc = target.ownerDocument;
  const iframe = doc.createElement('iframe');
  iframe.setAttribute(OWN_ATTR, 'frame');
  // Before `src`: every load, including a remount's reload, gets its own claim.
  const stopClaims = deliverClaims(iframe, session, issue);
  iframe.src = frameUrl;
  // No `allow` features, no referrer; the extension page decides everything else itself.
  iframe.setAttribute('allow', '');
  iframe.referrerPolicy = 'no-referrer';
  iframe.setAttribute('title', 'Cachet');
  iframe.style.cssText = 'display:block;width:100%;border:0;margin:0;padding:0;background:transparent;';
  iframe.style.height = `${clampHeight(height)}px`;

  let current = target;
  let hiddenDisplay: string | null = null;
  const hide = (el: Element): void => {
    const s = (el as HTMLElement).style;
    if (!s) return;
    hiddenDisplay = s.getPropertyValue('display');
    s.setProperty('display', 'none', 'important');
  };
  const show = (el: Element): void => {
    const s = (el as HTMLElement).style;
    if (!s || hiddenDisplay === null) return;
    if (hiddenDisplay) s.setProperty('display', hiddenDisplay);
    else s.removeProperty('display');
    hiddenDisplay = null;
  };
  target.insertAdjacentElement('beforebegin', iframe);
  hide(target);
  let remounted = false;

  return {
    iframe,
    get target() {
      return current;
    },
    setHeight: (px) => {
      iframe.style.height = `${clampHeight(px)}px`;
    },
    remount(newTarget?: Element): boolean {
      const t = newTarget ?? current;
      if (remounted || !t.isConnected) return false;
      remounted = true;
      t.insertAdjacentElement('beforebegin', iframe);
      // The same element is still hidden by us (keep what to restore); a new one is hidden now.
      if (t !== current || hiddenDisplay === null) {
        const prior = hiddenDisplay;
        const st = (t as HTMLElement).style;
        // A clone of the element we hid carries our own `display:none !important`: restore what the original had.
        const clonedHide = st?.getPropertyValue('display') === 'none' && st.getPropertyPriority('display') === 'important';
        hiddenDisplay = null;
        hide(t);
        if (clonedHide && prior !== null) hiddenDisplay = prior;
      }
      current = t;
      return true;
    },
    remove(): void {
      stopClaims();
      iframe.remove();
      show(current);
    },
  };
}
