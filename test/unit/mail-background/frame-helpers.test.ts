/** Pure helpers of the mail frames: HTML sanitising (MP-05/MP-06), quoting (MP-07), file names. */
import { Window as HappyWindow } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { downloadName } from '../../../src/pages/read/attachments';
import { mailDocument, sanitizeMailHtml, scrubCss, stillUnsafe } from '../../../src/pages/read/sanitize-html';
import { quoteText, splitAddresses } from '../../../src/pages/compose/quote';
import { parseClaim } from '../../../src/pages/read/frame-session';

const HOSTILE = `
<p>Hello <b>Alice</b></p>
<img src="https://evil.example/a.png" srcset="https://evil.example/b.png 2x">
<picture><source srcset="https://evil.example/c.png"></picture>
<div style="background:url(https://evil.example/d.png); color: red">styled</div>
<div style="background-image: image-set('https://evil.example/e.png' 1x)">set</div>
<style>@import url(https://evil.example/f.css); p { background: url("https://evil.example/g.png") }</style>
<link rel="prefetch" href="https://evil.example/h">
<meta http-equiv="refresh" content="0;url=https://evil.example/i">
<form action="https://evil.example/j"><input name="q"><button>go</button></form>
<video poster="https://evil.example/k.png"></video>
<svg><image href="https://evil.example/l.png"></image></svg>
<a href="https://example.org/page" ping="https://evil.example/m">link</a>
<a href="javascript:alert(1)">js</a>
<base href="https://evil.example/">
<object data="https://evil.example/n"></object><embed src="https://evil.example/o">
<iframe src="https://evil.example/p"></iframe><iframe srcdoc="<script>x()</script>"></iframe>
<table background="https://evil.example/q.png"><tr><td>cell</td></tr></table>
<span onclick="alert(1)">click</span><script>alert(2)</script>
`;

// DOMPurify itself is exercised in real browsers (test/e2e/frames): under happy-dom it
// mis-parses, which is exactly the case the fail-closed re-check must catch.
describe('sanitizeMailHtml fails closed', () => {
  const win = new HappyWindow() as unknown as Window & typeof globalThis;

  it('returns nothing when the sanitiser leaves anything forbidden (here: a DOM it cannot handle)', () => {
    expect(sanitizeMailHtml(HOSTILE, win)).toBe('');
  });

  it('stillUnsafe spots every loader and handler, and passes plain formatting', () => {
    expect(stillUnsafe('<p>Hello <b>Alice</b> <a href="https://example.org/" target="_blank" rel="noopener noreferrer">x</a></p>', win)).toBe(false);
    for (const bad of [
      '<img alt="x">',
      '<div style="background:url(x)">',
      '<style>@import "x";</style>',
      '<a href="javascript:alert(1)">x</a>',
      '<span onclick="x()">x</span>',
      '<table background="x.png"></table>',
      '<a ping="https://evil.example/">x</a>',
    ]) {
      expect(stillUnsafe(bad, win), bad).toBe(true);
    }
  });

  it('the frame document starts with a CSP that loads nothing', () => {
    const doc = mailDocument('<p>x</p>');
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<body>'));
    expect(doc).toContain("default-src 'none'");
  });

  it('scrubCss turns every loader into an invalid token', () => {
    expect(scrubCss('a{background:URL ( x )} @import "y"; b{content: cross-fade(a,b)}')).toBe('a{background:blocked( x )}  b{content: blocked(a,b)}');
  });
});

describe('frame helpers', () => {
  it('quoteText quotes every line as plain text', () => {
    expect(quoteText('Hi\r\n> earlier\n\nbye\n')).toBe('> Hi\n>> earlier\n> \n> bye');
  });
  it('splitAddresses', () => {
    expect(splitAddresses(' a@x.org, b@y.org;\nc@z.org ,')).toEqual(['a@x.org', 'b@y.org', 'c@z.org']);
  });
  it('downloadName strips paths, controls and bidi overrides', () => {
    expect(downloadName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(downloadName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(downloadName('...')).toBe('attachment');
  });
  it('parseClaim accepts only a UUID session id and a 32-hex claim token (PI-03)', () => {
    const sessionId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const token = 'a'.repeat(32);
    expect(parseClaim({ cachetClaim: { sessionId, token } })).toEqual({ sessionId, token });
    expect(parseClaim({ cachetClaim: { sessionId: `${sessionId}&x=1`, token } })).toBeNull();
    expect(parseClaim({ cachetClaim: { sessionId, token: 'A'.repeat(32) } })).toBeNull();
    expect(parseClaim({ cachetClaim: { sessionId, token: `${token}0` } })).toBeNull();
    expect(parseClaim({ cachetPageApiWake: sessionId })).toBeNull();
    expect(parseClaim(`#${sessionId}`)).toBeNull();
    expect(parseClaim(null)).toBeNull();
  });
});
