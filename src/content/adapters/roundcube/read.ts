/** Roundcube read views: preview frame and full view, inline armor and PGP/MIME (selectors.ts). */
import { findArmoredBlocks } from '../../../core/armor';
import { parseAddress } from '../../dom/address';
import { blockText } from '../../dom/text';
import { idFor } from '../../dom/observe';
import type { ReadBlock, ReadKind, ReadView } from '../types';
import { SELECTORS as S } from './selectors';

/** Largest raw part fetched for PGP/MIME (DS-03: caps; the background caps again). */
export const MAX_PART_BYTES = 25 * 1024 * 1024;

/** Resolves to a binary string: one char (U+0000–U+00FF) per byte of the response. */
export type PartFetcher = (url: string) => Promise<string>;

/**
 * Bytes → binary string, one char per byte. Not `res.text()` (UTF-8 decoding turns 8-bit
 * ISO-8859-1 bytes into U+FFFD and breaks RFC 3156 §5 verification of such parts), nor
 * TextDecoder('latin1') (WHATWG maps that label to windows-1252: 0x80–0x9F change).
 */
export function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x2000) out += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return out;
}

/**
 * Same-origin GET of an attachment part or raw source, with the session cookie; ciphertext
 * or signed MIME only. Lossless: the background reads the string back as bytes
 * (background/mail/read-signed.ts).
 */
export const fetchPart: PartFetcher = async (url) => {
  const res = await fetch(url, { credentials: 'same-origin', redirect: 'error' });
  if (!res.ok) throw new Error(`attachment download failed (${res.status})`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > MAX_PART_BYTES) throw new Error('attachment over the size cap');
  // Firefox: the bytes path below left the PGP/MIME full view of the real Roundcube without its
  // frame (e2e, cause not found yet); text is exact for ASCII armor, 8-bit signed parts may break.
  if (typeof navigator !== 'undefined' && /\bFirefox\//.test(navigator.userAgent)) return res.text();
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.byteLength > MAX_PART_BYTES) throw new Error('attachment over the size cap');
  return binaryString(bytes);
};

const KINDS: Partial<Record<string, ReadKind>> = { message: 'message', 'signed-message': 'cleartext-signed' };

function inlineBlocks(doc: Document): ReadBlock[] {
  const out: ReadBlock[] = [];
  for (const part of doc.querySelectorAll(`${S.plainParts}, ${S.htmlParts}`)) {
    for (const b of findArmoredBlocks(blockText(part))) {
      const kind = KINDS[b.kind];
      if (kind && !b.problem) out.push({ element: part, kind, armored: b.armored });
    }
  }
  return out;
}

/** `encrypted.asc` of a multipart/encrypted mail (RFC 3156 §4), fetched from its `_action=get` URL. */
function pgpMimeBlock(doc: Document, body: Element, fetcher: PartFetcher): ReadBlock | null {
  if (!doc.querySelector(S.encryptedNotice)) return null;
  const link = [...doc.querySelectorAll<HTMLAnchorElement>(S.attachmentLinks)].find(
    (a) => (a.querySelector('.attachment-name')?.textContent ?? a.textContent ?? '').trim() === 'encrypted.asc',
  );
  const href = link?.getAttribute('href');
  if (!href) return null;
  const url = new URL(href, doc.baseURI);
  // Only ever the webmail's own origin: a mail cannot point us at another server.
  if (url.origin !== new URL(doc.baseURI).origin || url.searchParams.get('_action') !== 'get') return null;
  return { element: body, kind: 'pgp-mime-encrypted', armored: () => fetcher(url.href) };
}

/**
 * multipart/signed (RFC 3156 §5): the signature covers the first part's exact bytes, so the
 * background needs the whole raw message — Roundcube's `_action=viewsource` of the same uid.
 */
function pgpMimeSignedBlock(doc: Document, body: Element, fetcher: PartFetcher): ReadBlock | null {
  const href = doc.querySelector(S.signatureAttachment)?.getAttribute('href');
  if (!href) return null;
  const part = new URL(href, doc.baseURI);
  const uid = part.searchParams.get('_uid');
  if (part.origin !== new URL(doc.baseURI).origin || !uid) return null;
  const source = new URL(part.pathname, part.origin);
  source.search = new URLSearchParams({ _task: 'mail', _action: 'viewsource', _uid: uid, _mbox: part.searchParams.get('_mbox') ?? 'INBOX' }).toString();
  return { element: body, kind: 'pgp-mime-signed', armored: () => fetcher(source.href) };
}

export function createReadView(doc: Document, body: Element, fetcher: PartFetcher): ReadView {
  return {
    id: idFor(body, 'rc-read'),
    root: body,
    blocks(): ReadBlock[] {
      const mime = pgpMimeBlock(doc, body, fetcher) ?? pgpMimeSignedBlock(doc, body, fetcher);
      return mime ? [mime] : inlineBlocks(doc);
    },
    sender(): string | null {
      const a = doc.querySelector(S.fromHeader);
      if (!a) return null;
      return parseAddress(a.getAttribute('title') ?? '') ?? parseAddress((a.getAttribute('href') ?? '').replace(/^mailto:/, ''));
    },
  };
}
