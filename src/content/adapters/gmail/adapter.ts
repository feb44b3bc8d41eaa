/** The Gmail adapter: the shared site adapter (../../site) with Gmail's selectors and address rules. */
import { parseAddress } from '../../dom/address';
import { createSiteAdapter, type SiteAdapter, type SiteOptions } from '../../site/adapter';
import type { SiteSpec } from '../../site/spec';
import { SELECTORS as S } from './selectors';

/** `download_url="application/pgp-encrypted:encrypted.asc:https://…"`: the URL after the second colon. */
function attachmentUrl(el: Element, base: string): { name: string; url: URL } | null {
  const raw = el.getAttribute('download_url') ?? '';
  const m = /^[^:]*:([^:]*):(.+)$/.exec(raw);
  if (!m?.[1] || !m[2]) return null;
  try {
    return { name: m[1], url: new URL(m[2], base) };
  } catch {
    return null;
  }
}

export const GMAIL: SiteSpec = {
  id: 'gmail',
  label: 'Gmail',
  hosts: ['mail.google.com'],
  selectors: S,
  chipAddress: (chip) => parseAddress(chip.getAttribute('email') ?? ''),
  senderAddress: (el) => parseAddress(el.getAttribute('email') ?? ''),
  fromAddress: (el) =>
    el instanceof HTMLInputElement ? parseAddress(el.value) : parseAddress(/\(([^()]*)\)\s*$/.exec(el.getAttribute('aria-label') ?? '')?.[1] ?? ''),
  clippedLink(message) {
    const a = message.querySelector<HTMLAnchorElement>(S.clipped);
    const href = a?.getAttribute('href');
    return href ? new URL(href, message.ownerDocument.baseURI) : null;
  },
  pgpMimeLink(message) {
    // RFC 3156 §4: the encrypted part of a multipart/encrypted mail is named encrypted.asc by every MUA we know.
    for (const el of message.querySelectorAll(S.attachment)) {
      const a = attachmentUrl(el, message.ownerDocument.baseURI);
      if (a?.name === 'encrypted.asc') return a.url;
    }
    return null;
  },
};

export function createGmailAdapter(opts: SiteOptions = {}): SiteAdapter {
  return createSiteAdapter(GMAIL, opts);
}

export const gmailAdapter = createGmailAdapter();
