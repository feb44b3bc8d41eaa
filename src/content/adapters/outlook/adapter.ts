/** The Outlook on the web adapter: the shared site adapter (../../site) with Outlook's selectors. */
import { parseAddress } from '../../dom/address';
import { linkAttachments } from '../../site/attachments';
import { createSiteAdapter, type SiteAdapter, type SiteOptions } from '../../site/adapter';
import type { SiteSpec } from '../../site/spec';
import { SELECTORS as S } from './selectors';

const titleOrText = (el: Element): string | null => parseAddress(el.getAttribute('title') ?? '') ?? parseAddress(el.textContent ?? '');

export const OUTLOOK: SiteSpec = {
  id: 'outlook',
  label: 'Outlook',
  hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'],
  selectors: S,
  chipAddress: titleOrText,
  senderAddress: titleOrText,
  attachments: (message) => linkAttachments(message, S.attachment),
  fromAddress: (el) => parseAddress(el.getAttribute('aria-label') ?? '') ?? titleOrText(el),
};

export function createOutlookAdapter(opts: SiteOptions = {}): SiteAdapter {
  return createSiteAdapter(OUTLOOK, opts);
}

export const outlookAdapter = createOutlookAdapter();
