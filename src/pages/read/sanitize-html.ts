/**
 * Decrypted HTML → markup safe to show in our sandboxed iframe (MP-05, MP-06). Three layers:
 * DOMPurify drops scripts, handlers and every element or attribute that can load anything;
 * what is left of CSS loses url()/image-set()/@import; and the iframe itself has no
 * scripts and a CSP that loads nothing (html-view.tsx).
 *
 * MP-07: what is shown must be what a reply quotes (core/mime/html-text.ts). So `<style>`
 * blocks are dropped (class rules could hide text the quote cannot see) and elements that
 * inline styles or `hidden` make invisible are removed, by the same rule the quote uses
 * (core/mime/hidden-style.ts).
 */
import DOMPurify from 'dompurify';
import { DEFAULT_BACKGROUND, backgroundOf, hidesContent, type Rgba } from '../../core/mime/hidden-style';

/** Everything that fetches, embeds, submits or navigates by itself. */
export const FORBID_TAGS = [
  'img', 'image', 'picture', 'source', 'video', 'audio', 'track', 'link', 'meta', 'base', 'object', 'embed', 'applet',
  'iframe', 'frame', 'frameset', 'portal', 'form', 'input', 'button', 'select', 'textarea', 'svg', 'math', 'template', 'script', 'noscript',
  'style',
];
/** Forbidden elements removed WITH their content (DOMPurify's defaults cover svg, math, media, script…). */
export const ADD_FORBID_CONTENTS = ['object', 'select', 'option', 'textarea', 'datalist'];
export const FORBID_ATTR = [
  'src', 'srcset', 'srcdoc', 'lowsrc', 'dynsrc', 'background', 'poster', 'ping', 'action', 'formaction', 'xlink:href',
  'longdesc', 'usemap', 'manifest', 'codebase', 'data', 'archive', 'cite', 'profile', 'http-equiv',
];

const CSS_FETCH = /@import\b[^;]*;?|\b(?:url|image-set|-webkit-image-set|image|cross-fade|element|src)\s*\(/gi;

/** CSS without anything that loads a resource (each loader becomes an invalid token). */
export function scrubCss(css: string): string {
  return css.replace(CSS_FETCH, (m) => (m.startsWith('@') ? '' : 'blocked('));
}

const SAFE_LINK = /^(?:https?:|mailto:)/i;

export function sanitizeMailHtml(html: string, win: Window & typeof globalThis = window): string {
  const purify = DOMPurify(win);
  purify.addHook('uponSanitizeElement', (node) => {
    if (node.nodeName === 'STYLE' && node.textContent) node.textContent = scrubCss(node.textContent);
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.hasAttribute('style')) el.setAttribute('style', scrubCss(el.getAttribute('style') ?? ''));
    if (el.nodeName === 'A') {
      const href = el.getAttribute('href');
      if (href !== null && !SAFE_LINK.test(href.trim())) el.removeAttribute('href');
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    }
  });
  if (!purify.isSupported) return '';
  const clean = purify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    // MP-07: forbidden elements whose content the quote does not take lose it here too
    // (DOMPurify would otherwise keep it as plain text): shown text = quoted text.
    ADD_FORBID_CONTENTS,
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    WHOLE_DOCUMENT: false,
    RETURN_TRUSTED_TYPE: false,
  });
  const visible = withoutHidden(clean, win);
  return stillUnsafe(visible, win) ? '' : visible;
}

/** Removes every element hidden by its inline style or `hidden` (MP-07), with its content. */
export function withoutHidden(html: string, win: Window & typeof globalThis = window): string {
  const doc = new win.DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  const walk = (parent: Element, background: Rgba) => {
    for (const el of Array.from(parent.children)) {
      const style = el.getAttribute('style') ?? '';
      const font = el.nodeName === 'FONT' ? el.getAttribute('color') : null;
      if (hidesContent({ style, hidden: el.hasAttribute('hidden'), fontColour: font }, background)) {
        el.remove();
        continue;
      }
      walk(el, backgroundOf(style, el.getAttribute('bgcolor')) ?? background);
    }
  };
  walk(doc.body, DEFAULT_BACKGROUND);
  return doc.body.innerHTML;
}

/**
 * Fail closed: re-parses the sanitiser's output and refuses it if anything forbidden is
 * left (a DOMPurify bug, or a DOM it does not support). The caller then shows nothing.
 */
export function stillUnsafe(html: string, win: Window & typeof globalThis = window): boolean {
  const doc = new win.DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  if (doc.querySelector(FORBID_TAGS.join(','))) return true;
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    for (const { name, value } of Array.from(el.attributes)) {
      const n = name.toLowerCase();
      if (n.startsWith('on') || FORBID_ATTR.includes(n)) return true;
      if (n === 'style' && scrubCss(value) !== value) return true;
      if (n === 'href' && !SAFE_LINK.test(value.trim())) return true;
    }
    if (el.nodeName === 'STYLE' && scrubCss(el.textContent ?? '') !== el.textContent) return true;
  }
  return false;
}

/** The complete document for the iframe's srcdoc: CSP first, before any content. */
export function mailDocument(safeBody: string): string {
  const csp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
  return (
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="referrer" content="no-referrer"><style>body{margin:8px;font:15px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}</style></head>` +
    `<body>${safeBody}</body></html>`
  );
}
