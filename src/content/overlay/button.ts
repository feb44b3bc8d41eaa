/**
 * The in-page Cachet button: a host element with a closed shadow root, so the page's CSS
 * cannot restyle it and its scripts cannot reach inside through the host (PI-01/PI-03).
 * It is a real <button>: focusable, Enter/Space work, labelled for screen readers.
 */
import { OWN_ATTR } from '../dom/own';

export interface MountedButton {
  host: HTMLElement;
  remove(): void;
}

const CSS = `
:host { all: initial; display: inline-block; margin: 4px 0; }
button { font: 13px/1.2 system-ui, sans-serif; padding: 4px 10px; border: 1px solid #2b5797;
  border-radius: 4px; background: #fff; color: #2b5797; cursor: pointer; }
button:hover, button:focus-visible { background: #2b5797; color: #fff; outline: 2px solid #8fb3e8; }
`;

export function mountButton(anchor: Element, label: string, onClick: () => void, where: 'before' | 'after' = 'before'): MountedButton {
  const doc = anchor.ownerDocument;
  const host = doc.createElement('span');
  host.setAttribute(OWN_ATTR, 'button');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-label', label);
  button.addEventListener('click', (e) => {
    // Only a real user's click (or key press on the focused button) opens anything (PI-04).
    if (!e.isTrusted) return;
    e.preventDefault();
    e.stopPropagation();
    onClick();
  });
  shadow.append(style, button);
  anchor.insertAdjacentElement(where === 'before' ? 'beforebegin' : 'afterend', host);
  return { host, remove: () => host.remove() };
}
