import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pub = join(__dirname, '..', '..', '..', 'public');

describe.each(['options', 'popup'])('public/%s.html', (page) => {
  const html = readFileSync(join(pub, `${page}.html`), 'utf8');

  it('has no inline script or event handler (the extension CSP forbids them)', () => {
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\bsrc="[^"]+"/);
      expect((m[2] as string).trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('loads its bundle and only local resources', () => {
    expect(html).toContain(`<script src="${page}.js" defer></script>`);
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });
});

describe('icons', () => {
  it.each([16, 32, 48, 128])('icon-%i.png is a PNG of that size', (size) => {
    const png = readFileSync(join(pub, 'icons', `icon-${size}.png`));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(size);
    expect(png.readUInt32BE(20)).toBe(size);
  });
});
