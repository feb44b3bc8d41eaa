/** Roundcube read views: preview frame and full view, inline armor and PGP/MIME (selectors.ts). */
import { findArmoredBlocks } from '../../../core/armor';
import { parseAddress } from '../../dom/address';
import { blockText } from '../../dom/text';
import { idFor } from '../../dom/observe';
import type { ReadBlock, ReadKind, ReadView } from '../types';
import { encryptedAttachmentLinks, handOverAttachments, type AttachmentDeps } from './attachments';
import { binaryString, fetchBytes, MAX_PART_BYTES } from './fetch-bytes';
import { SELECTORS as S } from './selectors';

export { binaryString, MAX_PART_BYTES } from './fetch-bytes';

/** Resolves to a binary string: one char (U+0000–U+00FF) per byte of the response. */
export type PartFetcher = (url: string) => Promise<string>;

/**
 * What a raw part over the cap becomes: a string just over the background's cap
 * (MAIL_LIMITS.armoredChars = MAX_PART_BYTES chars), which opens the session without its
 * ciphertext so our frame says TOO_LARGE (mail-content.ts) instead of showing nothing.
 * Never more than the cap is downloaded for it.
 */
export function overCapPart(): string {
  // A plain ASCII char: JSON (Chromium's runtime messaging) would write U+0000 as six chars.
  return ' '.repeat(MAX_PART_BYTES + 1);
}

/**
 * Same-origin GET of an attachment part or raw source, with the session cookie; ciphertext
 * or signed MIME only, at most MAX_PART_BYTES read (fetch-bytes.ts). Lossless: the
 * background reads the string back as bytes (background/mail/read-signed.ts).
 */
export const fetchPart: PartFetcher = async (url) => {
  const got = await fetchBytes(url, MAX_PART_BYTES);
  if ('tooLarge' in got) return overCapPart();
  // One char per byte in every browser: 8-bit ISO-8859-1 signed parts stay exact (RFC 3156 §5).
  return binaryString(got.bytes);
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

/**
 * The first inline PGP MESSAGE of a mail with encrypted attachments hands them over first
 * (attachments.ts), then gives its armor: its session then finds them in the background.
 */
function withAttachments(doc: Document, blocks: ReadBlock[], deps: AttachmentDeps | undefined): ReadBlock[] {
  const first = blocks.findIndex((b) => b.kind === 'message');
  const block = blocks[first];
  if (!deps || !block || typeof block.armored !== 'string' || encryptedAttachmentLinks(doc).length === 0) return blocks;
  const armored = block.armored;
  const out = [...blocks];
  out[first] = { ...block, armored: () => handOverAttachments(doc, armored, deps).then(() => armored, () => armored) };
  return out;
}

export function createReadView(doc: Document, body: Element, fetcher: PartFetcher, attachments?: AttachmentDeps): ReadView {
  return {
    id: idFor(body, 'rc-read'),
    root: body,
    blocks(): ReadBlock[] {
      const mime = pgpMimeBlock(doc, body, fetcher) ?? pgpMimeSignedBlock(doc, body, fetcher);
      return mime ? [mime] : withAttachments(doc, inlineBlocks(doc), attachments);
    },
    sender(): string | null {
      const a = doc.querySelector(S.fromHeader);
      if (!a) return null;
      return parseAddress(a.getAttribute('title') ?? '') ?? parseAddress((a.getAttribute('href') ?? '').replace(/^mailto:/, ''));
    },
  };
}
