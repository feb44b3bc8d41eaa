/** The frame pages and what the manifest exposes to web pages (PI-03, PI-06). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
  permissions: string[];
  web_accessible_resources: Array<{ resources: string[]; matches: string[]; use_dynamic_url?: boolean }>;
};

describe.each(['compose', 'read', 'page-api-keygen'])('public/%s.html', (page) => {
  const html = readFileSync(join(root, 'public', `${page}.html`), 'utf8');
  it('loads only its own bundle and local CSS, no inline script or handler', () => {
    expect(html).toContain(`<script src="${page}.js" defer></script>`);
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });
});

describe('manifest', () => {
  it('exposes exactly the three frame pages (compose, read, page-API key generation) and what they load, with dynamic URLs', () => {
    // The page-API import confirmation (page-api-import.html) is deliberately NOT here: it opens
    // in its own extension window, so no page can frame or overlay it (PI-03).
    expect(manifest.web_accessible_resources).toEqual([
      {
        resources: ['compose.html', 'read.html', 'compose.js', 'read.js', 'page-api-keygen.html', 'page-api-keygen.js', 'css/pages.css', 'css/frame.css'],
        matches: ['<all_urls>'],
        use_dynamic_url: true,
      },
    ]);
  });
  it('asks for scripting (enable on this site), not for tabs or host permissions up front', () => {
    expect(manifest.permissions).toContain('scripting');
    expect(manifest.permissions).not.toContain('tabs');
  });
});
