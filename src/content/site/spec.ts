/**
 * What a webmail adapter built on the shared site adapter (site/adapter.ts) describes: the
 * CSS selectors of its views (each with its source in the adapter's selectors.ts) and the few
 * facts selectors cannot say (how a chip names its address, where the full text of a clipped
 * message lives). Gmail, Outlook on the web and Yahoo Mail share the same shape: compose
 * views with a contenteditable body and chip recipients, read views with one element per
 * message of a conversation.
 */
import type { SiteAttachment } from './attachments';

/** Selector roles every site adapter fills. Values are CSS selectors (one each, no lists). */
export interface SiteSelectors {
  /** The app shell: lets the adapter run on a loopback copy of the page (tests) as well as on its hosts. */
  app: string;
  /** One compose view (new message dialog, inline reply, pop-out window). */
  composeRoot: string;
  /** The body editor inside a compose view (contenteditable). */
  editor: string;
  /**
   * A field only mail compose forms have (the To field), chosen to survive a redesign of the
   * editor: an unknown editor with one nearby looks like a compose body, so the page falls
   * back to basic mode; an editor without one (a settings signature editor) does not.
   */
  composeField: string;
  /** Where our button goes (before it), inside a compose view. */
  anchor: string;
  /** Recipient rows inside a compose view. */
  toRow: string;
  ccRow: string;
  bccRow: string;
  /** A recipient chip inside a row. */
  chip: string;
  /** The selected "from" identity inside a compose view (send-as aliases). */
  from: string;
  /** The signed-in account (sender when the compose view has no From row). */
  account: string;
  /** The webmail's own attachment input inside a compose view. */
  upload: string;
  /** One message of a read view or thread. */
  message: string;
  /** The body of an opened message (collapsed messages have none). */
  body: string;
  /** The sender element inside a message. */
  sender: string;
  /** Quoted or collapsed parts inside a body: never read as this message's own armor (MP-07). */
  quoted: string;
}

export interface SiteSpec {
  /** Adapter id sent to the background (`openComposeSession.adapter`). */
  id: string;
  /** The webmail's name as users know it ("Gmail"), for the popup's fallback line. */
  label: string;
  /** Hostnames the adapter is for (the manifest's built-in content-script matches). */
  hosts: readonly string[];
  selectors: SiteSelectors;
  /** The address a recipient chip stands for. */
  chipAddress(chip: Element): string | null;
  /** The address of a message's sender element. */
  senderAddress(sender: Element): string | null;
  /** The address of the From control / account element. */
  fromAddress(el: Element): string | null;
  /**
   * Clipped messages (Gmail over ~102 KB): the link to the full text inside a message, or
   * null when the message is whole. The armored block is then read from that page only.
   */
  clippedLink?(message: Element): URL | null;
  /**
   * The attachments a read message lists, with their download URLs where the webmail exposes
   * them (site/attachments.ts picks `encrypted.asc` for PGP/MIME and refuses other hosts).
   */
  attachments?(message: Element): SiteAttachment[];
}
