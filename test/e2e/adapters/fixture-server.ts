/**
 * Serves the saved webmail fixtures (test/fixtures/webmail/<adapter>/) on loopback, with the
 * fixtures' gpg armor swapped for a block the test encrypted to its own key, so the test
 * build's loopback content script sees "a page with the webmail's structure" and real
 * ciphertext. `?broken=1` renames a selector's target to simulate a webmail redesign.
 * Gmail's "View entire message" link (`view=lg`) serves full-message.html.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const FIXTURES = resolve(__dirname, '../../fixtures/webmail');

/** The armor every site fixture was built with (the Roundcube fixture's gpg message). */
function fixtureArmorLines(): string[] {
  const html = readFileSync(join(FIXTURES, 'roundcube/read-preview-inline.html'), 'utf8');
  const m = /<div class="pre">([\s\S]*?)<\/div>/.exec(html);
  if (!m?.[1]) throw new Error('fixture changed: no div.pre');
  return m[1].replace(/<br>\n?/g, '\n').replace(/\n$/, '').split('\n');
}

/** Swaps the fixture armor (as `<br>` lines, and the clipped four-line prefix) for `armored`. */
export function withArmor(html: string, armored: string): string {
  const old = fixtureArmorLines();
  const now = armored.replace(/\n$/, '').split('\n');
  return html.split(old.join('<br>\n')).join(now.join('<br>\n')).split(old.slice(0, 4).join('<br>\n')).join(now.slice(0, 4).join('<br>\n'));
}

export interface FixtureServer {
  server: Server;
  origin: string;
  /** URL of `<adapter>/<file>` served under a webmail-like path. */
  url(adapter: string, file: string, query?: string): string;
  /** Requests seen (path + query), e.g. to check the full view of a clipped message was fetched. */
  hits: string[];
  close(): void;
}

/** What a redesign breaks, per adapter: the editor's class/attribute the selectors rely on. */
const BREAK: Record<string, [string, string]> = {
  gmail: ['class="Am Al editable', 'class="zz-new-editor'],
  outlook: ['aria-multiline="true"', 'data-new-editor="1"'],
  yahoo: ['<div id="editor-container">', '<div id="new-editor-container">'],
};

export function serveFixtures(armored: () => string): Promise<FixtureServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.push(url.pathname + url.search);
    const m = /^\/(gmail|outlook|yahoo)\/mail\/([a-z-]+\.html)?$/.exec(url.pathname);
    let file = m?.[2];
    if (m?.[1] === 'gmail' && url.searchParams.get('view') === 'lg') file = 'full-message.html';
    if (!m || !file) {
      res.writeHead(404).end('not found');
      return;
    }
    let html = withArmor(readFileSync(join(FIXTURES, m[1]!, file), 'utf8'), armored());
    const broken = BREAK[m[1]!];
    if (url.searchParams.get('broken') === '1' && broken) html = html.split(broken[0]).join(broken[1]);
    // The clipped link in the fixture points at /mail/u/0/…: keep it under this adapter's path.
    html = html.split('href="/mail/u/0/?').join(`href="/${m[1]}/mail/?`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      done({
        server,
        origin,
        hits,
        url: (adapter, file, query = '') => `${origin}/${adapter}/mail/${file}${query ? `?${query}` : ''}`,
        close: () => server.close(),
      });
    });
  });
}
