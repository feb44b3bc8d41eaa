/**
 * The reply quote of an HTML message follows the tree a browser builds (WHATWG parsing via
 * parse5), so the quoted text is the shown text in the cases a hand-written tokenizer gets
 * wrong (MP-07): quirks-mode tables inside paragraphs, foster-parented table text, the
 * adoption agency, entities without semicolons, and deep nesting.
 */
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../../src/core/mime/html-text';

describe('htmlToText (reply quotes, MP-07)', () => {
  it('quirks mode (no doctype): a <table> stays inside a hidden <p>, so its text is hidden too', () => {
    expect(htmlToText('<p style="display:none">old secret<table><tr><td>old table</td></tr></table><p>shown')).toBe('shown');
  });

  it('standards mode: the same <table> closes the <p> and is shown, as the browser shows it', () => {
    expect(htmlToText('<!doctype html><p style="display:none">old secret<table><tr><td>new table</td></tr></table><p>shown')).toBe('new table\n\nshown');
  });

  it('text the parser moves out of a hidden table (foster parenting) is shown, hence quoted', () => {
    expect(htmlToText('<table style="display:none">moved out<tr><td>hidden cell</td></tr></table>')).toBe('moved out');
  });

  it('mis-nested formatting keeps its hiding in the copies the parser makes (adoption agency)', () => {
    expect(htmlToText('<b style="display:none"><p>hidden</b>shown</p>')).toBe('shown');
  });

  it('decodes entities as browsers do, legacy ones without ";" included; nbsp becomes a space', () => {
    expect(htmlToText('<p>a&amp;b &lt;c&gt; &copy 2026&nbsp;x &#x41;&#66;</p>')).toBe('a&b <c> © 2026 x AB');
  });

  it('cells are separated by spaces and rows by lines; <br> breaks a line', () => {
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c<br>d</td></tr></table>')).toBe('a b\nc\nd');
  });

  it('drops scripts, styles, comments, foreign content and form controls whole', () => {
    expect(htmlToText('<style>p{}</style><script>x()</script><!-- old --><svg><text>svg</text></svg><select><option>o</option></select><p>kept</p>')).toBe('kept');
  });

  it('MP-07: what browsers do not render is not quoted (closed details and dialog, rp, media and gauge fallback)', () => {
    const flat = (html: string) => htmlToText(html).replace(/\s+/g, ' ');
    expect(flat('<details><summary>Sum</summary>OLD<p>OLD</p><summary>second</summary></details><p>kept</p>')).toBe('Sum kept');
    expect(flat('<details open><summary>Sum</summary>shown</details>')).toBe('Sum shown');
    expect(flat('<details>OLD</details><p>kept</p>')).toBe('kept');
    expect(flat('<dialog>OLD</dialog><dialog open>shown</dialog>')).toBe('shown');
    expect(flat('<ruby>漢<rp>(OLD)</rp><rt>kan</rt></ruby>')).toBe('漢kan');
    expect(flat('<video>OLD</video><audio>OLD</audio><meter>OLD</meter><progress>OLD</progress><p>kept</p>')).toBe('kept');
  });

  it('a 10,000-deep nesting is quoted without overflowing the stack', () => {
    const deep = `${'<div>'.repeat(10_000)}deep${'</div>'.repeat(10_000)}<p>after</p>`;
    const text = htmlToText(deep);
    expect(text.endsWith('after')).toBe(true);
  });
});
