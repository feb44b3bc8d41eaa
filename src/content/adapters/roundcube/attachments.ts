/**
 * Encrypted attachments of an inline-armor mail in Roundcube (`ul#attachment-list li#attach<part>`,
 * Ref "attachments"): `name.pgp` / `name.gpg` binary OpenPGP or `name.asc` armored messages,
 * as Cachet's secure editor, Mailvelope and Enigmail inline mode attach them. Their raw parts
 * are fetched same-origin (`_action=get`, the user's own session) and handed to the
 * background as CIPHERTEXT, base64 — a string crosses runtime messaging the same way in
 * Chromium (JSON) and Firefox (structured clone). Only files that look like an encrypted
 * OpenPGP message are handed over (a public key or a detached signature named .asc is not).
 * They are keyed by the SHA-256 of the body armor: the background gives them to the read
 * session opened for that body, in this frame only.
 */
import type { ReadAttachmentsContentProtocol } from '../../../shared/read-attachments-protocol';
import { binaryString, fetchBytes, MAX_PART_BYTES, type BytesFetcher, type FetchedBytes } from './fetch-bytes';
import { SELECTORS as S } from './selectors';

export type AddAttachment = ReadAttachmentsContentProtocol['addReadAttachment']['req'];

/** Most attachments handed over for one mail (MAIL_LIMITS.attachments). */
export const MAX_ATTACHMENTS = 20;
/** All attachments of one mail together: the same 25 MiB as one message (the background caps again). */
export const MAX_TOTAL_BYTES = 25 * 1024 * 1024;

export { fetchBytes };

export interface AttachmentDeps {
  fetchBytes: BytesFetcher;
  send(req: AddAttachment): Promise<unknown>;
}

export interface AttachmentLink {
  name: string;
  url: string;
}

const ENCRYPTED_NAME = /\.(?:pgp|gpg|asc)$/i;

/** Attachment links of this mail that may be encrypted files, same origin and `_action=get` only. */
export function encryptedAttachmentLinks(doc: Document): AttachmentLink[] {
  const origin = new URL(doc.baseURI).origin;
  const out: AttachmentLink[] = [];
  for (const a of doc.querySelectorAll<HTMLAnchorElement>(S.attachmentLinks)) {
    if (a.closest(S.signatureItem)) continue; // "Digital Signature" of a multipart/signed mail
    const name = (a.querySelector(S.attachmentName)?.textContent ?? a.textContent ?? '').trim();
    const href = a.getAttribute('href');
    if (!href || !ENCRYPTED_NAME.test(name) || /^(?:encrypted|signature)\.asc$/i.test(name)) continue;
    const url = new URL(href, doc.baseURI);
    // Only ever the webmail's own origin: a mail cannot point us at another server.
    if (url.origin !== origin || url.searchParams.get('_action') !== 'get' || !url.searchParams.get('_part')) continue;
    out.push({ name, url: url.href });
    if (out.length >= MAX_ATTACHMENTS) break;
  }
  return out;
}

/**
 * Does this look like an encrypted OpenPGP message? Armor: the `PGP MESSAGE` marker (RFC 9580
 * §6.2). Binary: the first packet is a PKESK (tag 1) or SKESK (tag 3), old or new packet
 * format (RFC 9580 §4.2) — what every encrypted message starts with (§10.3).
 */
export function looksEncrypted(bytes: Uint8Array): boolean {
  const head = binaryString(bytes.subarray(0, 64)).replace(/^(?:\u00EF\u00BB\u00BF)?\s*/, '');
  if (head.startsWith('-----BEGIN PGP MESSAGE-----')) return true;
  const b = bytes[0];
  if (b === undefined || (b & 0x80) === 0) return false;
  const tag = b & 0x40 ? b & 0x3f : (b >> 2) & 0x0f;
  return tag === 1 || tag === 3;
}

/** SHA-256 hex of the body armor's UTF-8 bytes, as the background computes it from the session payload. */
export async function bodyDigest(armored: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(armored)));
  return [...d].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Fetches the mail's encrypted attachments and hands them to the background, before the
 * body's session opens (so the frame finds them). A file that fails to download or is over
 * a cap is handed over as a problem, so the frame says so for it alone; nothing here ever
 * stops the body from being shown.
 */
export async function handOverAttachments(doc: Document, armored: string, deps: AttachmentDeps): Promise<void> {
  const links = encryptedAttachmentLinks(doc);
  if (links.length === 0) return;
  const found: Array<Omit<AddAttachment, 'bodyDigest' | 'index' | 'count'>> = [];
  let total = 0;
  for (const link of links) {
    let got: FetchedBytes | null;
    try {
      got = await deps.fetchBytes(link.url, Math.min(MAX_PART_BYTES, MAX_TOTAL_BYTES - total));
    } catch {
      got = null;
    }
    if (got === null) found.push({ name: link.name, base64: null, problem: 'unavailable' });
    else if ('tooLarge' in got) found.push({ name: link.name, base64: null, problem: 'too-large' });
    else if (looksEncrypted(got.bytes) && got.bytes.byteLength > 0) {
      total += got.bytes.byteLength;
      found.push({ name: link.name, base64: btoa(binaryString(got.bytes)), problem: null });
    }
  }
  if (found.length === 0) return;
  const digest = await bodyDigest(armored);
  for (const [index, f] of found.entries()) {
    await deps.send({ bodyDigest: digest, index, count: found.length, ...f }).catch(() => undefined);
  }
}
