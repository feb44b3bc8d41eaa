/**
 * When a decrypted HTML element is invisible (MP-07: a reply quotes only what was shown).
 *
 * Pure, shared by the read frame's sanitiser (which removes such elements before showing
 * the mail) and by the background's HTML-to-text quote builder (which skips them), so that
 * what is shown and what is quoted are the same text. Only inline styles and attributes
 * are judged: the sanitiser drops `<style>` blocks, so class rules cannot hide anything.
 */

/** Default page background of our mail frame (html-view.tsx sets none: white). */
export const DEFAULT_BACKGROUND: Rgba = [255, 255, 255, 1];

export type Rgba = [number, number, number, number];

const NAMED: Record<string, Rgba> = {
  white: [255, 255, 255, 1], black: [0, 0, 0, 1], red: [255, 0, 0, 1], lime: [0, 255, 0, 1], green: [0, 128, 0, 1],
  blue: [0, 0, 255, 1], yellow: [255, 255, 0, 1], silver: [192, 192, 192, 1], gray: [128, 128, 128, 1],
  grey: [128, 128, 128, 1], whitesmoke: [245, 245, 245, 1], snow: [255, 250, 250, 1], ivory: [255, 255, 240, 1],
  transparent: [0, 0, 0, 0],
};

/** Parses a CSS colour (hex, rgb[a](), a few names); null when unknown. */
export function parseColour(value: string): Rgba | null {
  const v = value.trim().toLowerCase().replace(/\s*!important$/, '');
  const named = NAMED[v];
  if (named) return named;
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(v)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? Array.from(hex, (c) => c + c).join('') : hex;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), full.length === 8 ? n(6) / 255 : 1];
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(v)?.[1];
  if (fn) {
    const parts = fn.split(/[\s,/]+/).filter(Boolean);
    const num = (s: string | undefined, scale: number) =>
      s === undefined ? NaN : s.endsWith('%') ? (parseFloat(s) / 100) * scale : parseFloat(s);
    const [r, g, b] = [num(parts[0], 255), num(parts[1], 255), num(parts[2], 255)];
    const a = parts[3] === undefined ? 1 : num(parts[3], 1);
    if ([r, g, b, a].every((x) => Number.isFinite(x))) return [r, g, b, a];
  }
  return null;
}

/** Declarations of a style attribute, property names lower-cased, last one wins. */
export function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  // Comments could split a property name from its value in a way our split would not.
  for (const decl of style.replace(/\/\*[\s\S]*?\*\//g, '').split(';')) {
    const i = decl.indexOf(':');
    if (i <= 0) continue;
    out.set(decl.slice(0, i).trim().toLowerCase(), decl.slice(i + 1).trim().toLowerCase().replace(/\s*!important$/, ''));
  }
  return out;
}

const ZERO = /^[-+]?0*\.?0+(?:[a-z%]+)?$/;
const FAR_OFF = /^-\d{3,}(?:\.\d+)?(?:px|pt|em|rem|cm|mm|in|vw|vh|%)?$/;

/** The background an element paints (for its children's colour check), or null if none. */
export function backgroundOf(style: string, bgcolorAttr: string | null): Rgba | null {
  const d = declarations(style);
  const bg = d.get('background-color') ?? d.get('background')?.split(/\s+(?![^(]*\))/).find((t) => parseColour(t) !== null);
  const c = bg !== undefined ? parseColour(bg) : null;
  if (c && c[3] > 0) return c;
  const a = bgcolorAttr === null ? null : parseColour(bgcolorAttr);
  return a && a[3] > 0 ? a : null;
}

/** True when text of this colour on that background cannot be read (same or nearly). */
export function unreadable(colour: Rgba, background: Rgba): boolean {
  if (colour[3] < 0.1) return true;
  return Math.max(Math.abs(colour[0] - background[0]), Math.abs(colour[1] - background[1]), Math.abs(colour[2] - background[2])) <= 16;
}

/**
 * Whether an element with this inline style (and `<font color>` / `hidden`) hides its
 * content: display:none, visibility:hidden, opacity 0, font-size 0, zero-size boxes with
 * overflow hidden, far-off positioning or indent, clipping, scale(0), or a text colour
 * equal to the background it sits on (`background` = nearest painted ancestor's).
 */
export function hidesContent(el: { style: string; hidden: boolean; fontColour: string | null }, background: Rgba): boolean {
  if (el.hidden) return true;
  const d = declarations(el.style);
  const is = (p: string, test: (v: string) => boolean) => {
    const v = d.get(p);
    return v !== undefined && test(v);
  };
  if (is('display', (v) => v === 'none')) return true;
  if (is('visibility', (v) => v === 'hidden' || v === 'collapse')) return true;
  if (is('opacity', (v) => parseFloat(v) < 0.1 || /^0*\.?0+%?$/.test(v))) return true;
  if (is('font-size', (v) => ZERO.test(v) || /^0*\.0*[0-4]\d*(px|pt)$/.test(v))) return true;
  if (is('font', (v) => /(^|\s)0+(\.0+)?(px|pt|em|rem|%)?(\/|\s|$)/.test(v))) return true;
  if (is('content-visibility', (v) => v === 'hidden')) return true;
  const clipped = is('overflow', (v) => v !== 'visible') || is('overflow-x', (v) => v !== 'visible') || is('overflow-y', (v) => v !== 'visible');
  if (clipped && ['height', 'max-height', 'width', 'max-width'].some((p) => is(p, (v) => ZERO.test(v)))) return true;
  if (['text-indent', 'left', 'top', 'right', 'margin-left', 'margin-top'].some((p) => is(p, (v) => FAR_OFF.test(v)))) return true;
  if (is('clip', (v) => /rect\(\s*0/.test(v)) || is('clip-path', (v) => /inset\(\s*(50%|100%)|circle\(\s*0|polygon\(\s*\)/.test(v))) return true;
  if (is('transform', (v) => /scale[xy]?\(\s*0*\.?0+\s*[,)]/.test(v))) return true;
  const own = backgroundOf(el.style, null) ?? background;
  const colourValue = d.get('color') ?? el.fontColour;
  const colour = colourValue ? parseColour(colourValue) : null;
  if (colour && unreadable(colour, own)) return true;
  return false;
}
