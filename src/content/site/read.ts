/**
 * A read view of a site adapter: one per opened message of a conversation. Collapsed
 * messages carry no body and are never read, so a thread decrypts only what the user opens.
 * Quoted parts are left out (MP-07: only this message's own, visible text). A clipped message
 * (Gmail "[Message clipped] View entire message") is never decrypted in part: its armored
 * block is read from the full view instead.
 */
import { findArmoredBlocks, type ArmoredBlock } from '../../core/armor';
import { idFor } from '../dom/observe';
import { elsewhereError, isSameOrigin, PGP_MIME_NAME } from './attachments';
import { renderedText } from './text';
import type { ReadBlock, ReadKind, ReadView } from '../adapters/types';
import type { SiteSpec } from './spec';

/** Largest page or part fetched for a clipped message or PGP/MIME (DS-03; the background caps again). */
export const MAX_FETCH_CHARS = 25 * 1024 * 1024;

export type Fetcher = (url: URL) => Promise<string>;

/** The download answered with a redirect (Gmail sends attachments to googleusercontent.com): not followed. */
export class DownloadRedirected extends Error {
  constructor(readonly url: URL) {
    super('download redirected to another address');
    this.name = 'DownloadRedirected';
  }
}

/**
 * Same-origin GET with the session cookie: ciphertext only, never another server (the caller
 * checks the URL's origin). Redirects are not followed — a redirect could leave the origin —
 * and are reported as DownloadRedirected so the read view can say what to do instead.
 */
export const fetchSameOrigin: Fetcher = async (url) => {
  const res = await fetch(url.href, { credentials: 'same-origin', redirect: 'manual' });
  if (res.type === 'opaqueredirect' || res.redirected || (res.status >= 300 && res.status < 400)) throw new DownloadRedirected(url);
  if (!res.ok) throw new Error(`download failed (${res.status})`);
  const text = await res.text();
  if (text.length > MAX_FETCH_CHARS) throw new Error('download over the size cap');
  return text;
};

const KINDS: Partial<Record<ArmoredBlock['kind'], ReadKind>> = { message: 'message', 'signed-message': 'cleartext-signed' };
const BEGIN: ReadonlyArray<readonly [string, ReadKind]> = [
  ['-----BEGIN PGP MESSAGE-----', 'message'],
  ['-----BEGIN PGP SIGNED MESSAGE-----', 'cleartext-signed'],
];

/** The body's own text: quoted/collapsed parts removed (on a copy: the page's DOM is not touched). */
export function ownText(body: Element, quoted: string): string {
  return renderedText(body, quoted);
}

/** Armored blocks of `text` as read blocks on `element`. */
export function textBlocks(element: Element, text: string): ReadBlock[] {
  const out: ReadBlock[] = [];
  for (const b of findArmoredBlocks(text)) {
    const kind = KINDS[b.kind];
    if (kind && !b.problem) out.push({ element, kind, armored: b.armored });
  }
  return out;
}

/** The armored block of `kind` in a fetched full view (HTML parsed inert: DOMParser runs no script). */
export function blockFromFullView(html: string, kind: ReadKind): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const found = textBlocks(doc.body, renderedText(doc.body)).find((b) => b.kind === kind);
  if (!found || typeof found.armored !== 'string') throw new Error('no complete armored block in the full message');
  return found.armored;
}

function sameOrigin(url: URL | null, doc: Document): URL | null {
  return url && isSameOrigin(url, doc) ? url : null;
}

/**
 * Fetches a same-origin part; a part on another host, or one whose download redirects, is
 * refused with the message telling the user to drop the file into Cachet (never a silent failure).
 */
export function partFetcher(spec: SiteSpec, doc: Document, fetcher: Fetcher, name: string, url: URL): () => Promise<string> {
  return async () => {
    if (!isSameOrigin(url, doc)) throw elsewhereError(spec.label, name);
    try {
      return await fetcher(url);
    } catch (e) {
      throw e instanceof DownloadRedirected ? elsewhereError(spec.label, name) : e;
    }
  };
}

export function createSiteReadView(spec: SiteSpec, message: Element, body: Element, fetcher: Fetcher): ReadView {
  const s = spec.selectors;
  const doc = message.ownerDocument;
  return {
    id: idFor(message, `${spec.id}-read`),
    root: message,
    blocks(): ReadBlock[] {
      const mime = spec.attachments?.(message).find((a) => a.name === PGP_MIME_NAME);
      if (mime) return [{ element: body, kind: 'pgp-mime-encrypted', armored: partFetcher(spec, doc, fetcher, mime.name, mime.url) }];
      const text = ownText(body, s.quoted);
      const clipped = sameOrigin(spec.clippedLink?.(message) ?? null, doc);
      if (clipped) {
        // What is shown is a prefix: only its BEGIN line is trusted, the block comes from the full view.
        const begin = BEGIN.find(([line]) => text.includes(line));
        const full = partFetcher(spec, doc, fetcher, 'the full message', clipped);
        return begin ? [{ element: body, kind: begin[1], armored: async () => blockFromFullView(await full(), begin[1]) }] : [];
      }
      return textBlocks(body, text);
    },
    sender(): string | null {
      const el = message.querySelector(s.sender);
      return el ? spec.senderAddress(el) : null;
    },
  };
}
