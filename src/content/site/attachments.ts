/**
 * Attachments of a read message, as a site adapter's spec lists them, and which of them are
 * OpenPGP parts worth fetching: `encrypted.asc` (the encrypted part of PGP/MIME, RFC 3156 §4)
 * and `*.pgp` / `*.gpg` / `*.asc` files (inline-PGP attachments). Only same-origin URLs are
 * ever fetched, with the page's session cookie: a URL on another host (Yahoo serves parts from
 * an API host; Gmail redirects downloads to googleusercontent.com) is refused with a clear
 * error telling the user to download the file from the webmail and drop it into Cachet.
 */
import { CachetError } from '../../core/errors';

export interface SiteAttachment {
  /** File name as the webmail shows it. */
  name: string;
  /** Download URL, resolved against the page. */
  url: URL;
}

/** RFC 3156 §4 names the PGP/MIME encrypted part `encrypted.asc` in every MUA we know. */
export const PGP_MIME_NAME = 'encrypted.asc';

/** `version.asc` is PGP/MIME's control part ("Version: 1"), never ciphertext. */
export function isPgpAttachmentName(name: string): boolean {
  const n = name.trim().toLowerCase();
  return n !== 'version.asc' && /\.(asc|pgp|gpg)$/.test(n);
}

/** The message shown to the user when a part lives on (or redirects to) another host. */
export function elsewhereError(label: string, name: string): CachetError {
  return new CachetError(
    'UNSUPPORTED',
    `${label} serves ${name} from another domain, which Cachet does not fetch: open the attachment from ${label} and drop it into Cachet`,
  );
}

/** A URL from an attribute, resolved against the page, or null if it does not parse. */
export function resolveUrl(raw: string | null | undefined, base: string): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw, base);
  } catch {
    return null;
  }
}

export function isSameOrigin(url: URL, doc: Document): boolean {
  return url.origin === new URL(doc.baseURI).origin;
}

/**
 * Attachments shown as links (Outlook, Yahoo): the name from `download`, `title` or the text,
 * the URL from `href`. Links without a name or a parseable URL are left out.
 */
export function linkAttachments(message: Element, selector: string): SiteAttachment[] {
  const base = message.ownerDocument.baseURI;
  return [...message.querySelectorAll(selector)].flatMap((a) => {
    const name = (a.getAttribute('download') || a.getAttribute('title') || a.textContent || '').trim();
    const url = resolveUrl(a.getAttribute('href'), base);
    return name && url ? [{ name, url }] : [];
  });
}
