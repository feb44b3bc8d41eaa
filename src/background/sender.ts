/**
 * Decides a message sender's privilege, once, in the transport (as uBlock Origin's
 * vapi-background does). Handlers never look at the sender again.
 */
import type { Runtime } from 'webextension-polyfill';

export type Privilege = 'page' | 'content' | 'refused';

/**
 * `scheme://host` of a URL, or null. Not `URL.origin`: for non-special schemes
 * (chrome-extension:, moz-extension:) WHATWG URL gives the opaque origin "null"
 * in some engines (Node included), and "null" === "null" would match any page.
 */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export interface SenderPolicy {
  /** `runtime.id` of this extension. */
  runtimeId: string;
  /** Origin of `runtime.getURL('')`, e.g. `chrome-extension://<id>`. */
  extensionOrigin: string;
}

/**
 * - page: our id and a URL on our own origin — popup, options, and our frames inside
 *   web pages (those have a `tab`, but an extension URL);
 * - content: our id, a tab, and a URL that is not ours (the content script's page);
 * - refused: anything else (other extensions, no id, no tab and no extension URL).
 */
export function classifySender(sender: Runtime.MessageSender, policy: SenderPolicy): Privilege {
  if (!sender || sender.id !== policy.runtimeId || !policy.runtimeId) return 'refused';
  const origin = originOf(sender.url);
  if (origin !== null && origin === policy.extensionOrigin) return 'page';
  if (sender.tab) return 'content';
  return 'refused';
}
