/**
 * An in-page notice in a closed shadow root (like the button): used when encrypted files could
 * not be attached through the page, to offer the `.pgp` files for download instead. Only
 * ciphertext is linked (blob: URLs, revoked when the notice goes away).
 */
import { OWN_ATTR } from '../dom/own';

const CSS = `:host { all: initial; display: block; margin: 4px 0; }
div { font: 13px/1.4 system-ui, sans-serif; padding: 6px 10px; border: 1px solid #b45f06; border-radius: 4px; background: #fff8e6; color: #222; }
a { margin-right: 10px; color: #2b5797; } button { margin-left: 6px; font: inherit; }`;

export function mountNotice(anchor: Element, text: string, files: File[], closeLabel: string): () => void {
  const doc = anchor.ownerDocument;
  const host = doc.createElement('div');
  host.setAttribute(OWN_ATTR, 'notice');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const box = doc.createElement('div');
  box.setAttribute('role', 'alert');
  box.append(doc.createTextNode(`${text} `));
  const urls = files.map((f) => URL.createObjectURL(f));
  files.forEach((f, i) => {
    const a = doc.createElement('a');
    a.href = urls[i]!;
    a.download = f.name;
    a.textContent = f.name;
    box.append(a);
  });
  const remove = (): void => {
    host.remove();
    for (const u of urls) URL.revokeObjectURL(u);
  };
  const close = doc.createElement('button');
  close.type = 'button';
  close.textContent = closeLabel;
  close.addEventListener('click', remove);
  box.append(close);
  shadow.append(style, box);
  anchor.insertAdjacentElement('beforebegin', host);
  return remove;
}
