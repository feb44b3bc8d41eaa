/**
 * Container frames: our compose/read page inside the element the page named, as Mailvelope
 * does (the webmail hides its own editor/body itself; Roundcube removes our iframe when the
 * user turns encryption off). The frame URL carries no session id: the frame gets its session
 * from a single-use claim posted into it after each load (overlay/frame-claim.ts, PI-03).
 */
import { clampHeight } from '../overlay/frame';
import { deliverFrameClaims } from '../overlay/frame-claim';
import { OWN_ATTR } from '../dom/own';

/** The element for a page-given selector, or null (an invalid selector is simply not found). */
export function findContainer(doc: Document, selector: string): Element | null {
  try {
    return doc.querySelector(selector);
  } catch {
    return null;
  }
}

export function mountContainerFrame(container: Element, frameUrl: string, height: number, sessionId: string): HTMLIFrameElement {
  const iframe = container.ownerDocument.createElement('iframe');
  iframe.setAttribute(OWN_ATTR, 'page-api-frame');
  deliverFrameClaims(iframe, sessionId);
  iframe.src = frameUrl;
  iframe.setAttribute('allow', '');
  iframe.referrerPolicy = 'no-referrer';
  iframe.setAttribute('title', 'Cachet');
  iframe.style.cssText = 'display:block;width:100%;border:0;margin:0;padding:0;background:transparent;';
  iframe.style.height = `${clampHeight(height)}px`;
  container.appendChild(iframe);
  return iframe;
}
