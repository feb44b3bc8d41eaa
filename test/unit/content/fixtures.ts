/** Loading saved webmail pages into the happy-dom document for adapter tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Adapter, ComposeView, ReadView } from '../../../src/content/adapters/types';

export const FIXTURES = resolve(__dirname, '../../fixtures/webmail');

export function fixtureHtml(adapter: string, name: string): string {
  return readFileSync(join(FIXTURES, adapter, name), 'utf8');
}

export function fixtureNames(adapter: string): string[] {
  return readdirSync(join(FIXTURES, adapter)).filter((f) => f.endsWith('.html'));
}

/** A separate document parsed from a fixture (e.g. TinyMCE's frame document). */
export function parseFixture(adapter: string, name: string): Document {
  return new DOMParser().parseFromString(fixtureHtml(adapter, name), 'text/html');
}

/** Replaces the global document's content with the fixture, at `url`. */
export function loadFixture(adapter: string, name: string, url = 'http://127.0.0.1:18680/?_task=mail'): Document {
  const w = window as unknown as { happyDOM?: { setURL(u: string): void } };
  w.happyDOM?.setURL(url);
  const parsed = parseFixture(adapter, name);
  // (happy-dom refuses replacing documentElement itself.)
  document.head.replaceWith(document.importNode(parsed.head, true));
  document.body.replaceWith(document.importNode(parsed.body, true));
  return document;
}

export interface Started {
  compose: ComposeView[];
  read: ReadView[];
  stop(): void;
}

export function startAdapter(adapter: Adapter, doc: Document = document): Started {
  const ac = new AbortController();
  const s: Started = { compose: [], read: [], stop: () => ac.abort() };
  adapter.start({ doc, signal: ac.signal, onCompose: (v) => s.compose.push(v), onRead: (v) => s.read.push(v) });
  return s;
}

/** Lets MutationObserver callbacks and their microtask-debounced scans run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setTimeout(r, 0));
}

/**
 * The armored message of mail 1 as gpg wrote it, taken from the preview page's markup by
 * plain string handling (independent of the DOM code under test).
 */
export function inlineArmorFromMarkup(): string {
  const html = fixtureHtml('roundcube', 'read-preview-inline.html');
  const m = /<div class="pre">([\s\S]*?)<\/div>/.exec(html);
  if (!m?.[1]) throw new Error('fixture changed: no div.pre');
  return m[1].replace(/<br>\n?/g, '\n');
}
