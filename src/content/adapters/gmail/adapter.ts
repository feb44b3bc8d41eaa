/** The Gmail adapter: the shared site adapter (../../site) with Gmail's selectors and address rules. */
import { parseAddress } from '../../dom/address';
import { resolveUrl, type SiteAttachment } from '../../site/attachments';
import { createSiteAdapter, type SiteAdapter, type SiteOptions } from '../../site/adapter';
import type { SiteSpec } from '../../site/spec';
import { SELECTORS as S } from './selectors';

/** `download_url="application/pgp-encrypted:encrypted.asc:https://…"`: the URL after the second colon. */
function attachmentUrl(el: Element, base: string): SiteAttachment | null {
  const m = /^[^:]*:([^:]*):(.+)$/.exec(el.getAttribute('download_url') ?? '');
  const url = resolveUrl(m?.[2], base);
  return m?.[1] && url ? { name: m[1], url } : null;
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
  attachments: (message) =>
    [...message.querySelectorAll(S.attachment)].flatMap((el) => attachmentUrl(el, message.ownerDocument.baseURI) ?? []),
};

export function createGmailAdapter(opts: SiteOptions = {}): SiteAdapter {
  return createSiteAdapter(GMAIL, opts);
}

export const gmailAdapter = createGmailAdapter();
