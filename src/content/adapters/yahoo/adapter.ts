/** The Yahoo Mail adapter: the shared site adapter (../../site) with Yahoo's selectors. */
import { parseAddress } from '../../dom/address';
import { linkAttachments } from '../../site/attachments';
import { createSiteAdapter, type SiteAdapter, type SiteOptions } from '../../site/adapter';
import type { SiteSpec } from '../../site/spec';
import { SELECTORS as S } from './selectors';

const titleOrText = (el: Element): string | null => parseAddress(el.getAttribute('title') ?? '') ?? parseAddress(el.textContent ?? '');

export const YAHOO: SiteSpec = {
  id: 'yahoo',
  label: 'Yahoo Mail',
  hosts: ['mail.yahoo.com'],
  selectors: S,
  chipAddress: titleOrText,
  senderAddress: titleOrText,
  attachments: (message) => linkAttachments(message, S.attachment),
  fromAddress: titleOrText,
};

export function createYahooAdapter(opts: SiteOptions = {}): SiteAdapter {
  return createSiteAdapter(YAHOO, opts);
}

export const yahooAdapter = createYahooAdapter();
