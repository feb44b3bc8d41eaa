/**
 * Gmail (mail.google.com) selectors. There is no network to the live site here, so none of
 * these was checked against today's Gmail: each names its source — public extensions' code
 * or issue threads, or "reconstructed" (our model of the page, from Gmail's HTML conventions
 * as mails and public write-ups show them). The fixtures in test/fixtures/webmail/gmail/ are
 * built on the same facts; when Gmail ships a redesign, a mismatch makes the page fall back
 * to the generic adapter (src/content/adapter-fallback.ts) and the popup says so.
 */
export const SELECTORS = {
  /** Reconstructed: Gmail's page declares `<meta name="application-name" content="Gmail">`. Lets the adapter run on loopback copies. */
  app: 'meta[name="application-name"][content="Gmail"]',
  /** Compose container of dialogs, inline replies and pop-outs — QShield's Gmail content script (`COMPOSE_CONTAINER_SELECTOR = 'div.M9'`). */
  composeRoot: 'div.M9',
  /**
   * Body editor — QShield (`div.Am.Al.editable`), liuyuanquan/gmail-automation-extension (`div.Am.aiL`);
   * classes rather than `aria-label="Message Body"` (QuantumMail) because the label is translated.
   */
  editor: 'div.Am.Al.editable[contenteditable="true"]',
  /** The compose form's `to` field (same source as toRow): present in dialogs, inline replies and pop-outs, absent from Settings' signature editor. */
  composeField: 'textarea[name="to"]',
  /** Reconstructed: the compose window's bottom toolbar row (holds Send; evicypher's toolbar `.btA` sits in it). */
  anchor: 'div.btC',
  /** Reconstructed: recipient rows hold Gmail's `to`/`cc`/`bcc` form fields (names as the `subjectbox` field: nightwatch page object). */
  toRow: 'td:has(> textarea[name="to"])',
  ccRow: 'td:has(> textarea[name="cc"])',
  bccRow: 'td:has(> textarea[name="bcc"])',
  /** Recipient chip carrying the address in `email=` — QShield (`span[email]`), CryptMail (`[email]`). */
  chip: 'span[email]',
  /** Reconstructed: the chosen "send as" identity, posted by the compose form as `from` (only present with aliases). */
  from: 'input[name="from"]',
  /** Reconstructed: the account button, `aria-label="Google Account: Name (address)"`. */
  account: 'a[aria-label^="Google Account:"]',
  /** Attachment input — liuyuanquan/gmail-automation-extension (`input[name="Filedata"]`). */
  upload: 'input[type="file"][name="Filedata"]',
  /** One message of a conversation — FlowCrypt's GmailElementReplacer (`message_outer: 'div.adn'`). */
  message: 'div.adn',
  /** Message body — FlowCrypt (`message_inner: 'div.a3s:not(.undefined)'`), evicypher-webmail (`.a3s.aiL`). */
  body: 'div.a3s',
  /** Reconstructed: the sender's name span carries `email=` (same attribute as chips). */
  sender: 'span.gD[email]',
  /** Quoted text — Gmail's own `gmail_quote` class in every mail it sends; Email-Assistant's `elementsToNotRead`. */
  quoted: 'div.gmail_quote',
  /**
   * "[Message clipped] View entire message" link under a body over ~102 KB — reconstructed from
   * hteumeuleu/email-bugs#56 and FlowCrypt/flowcrypt-browser#71 (the link opens `view=lg`).
   */
  clipped: 'div.iX a[href*="view=lg"]',
  /** Reconstructed: attachment chips with `download_url="mime:name:url"` (as gmail.js documents the attribute). */
  attachment: 'span.aZo[download_url]',
} as const;

export type SelectorName = keyof typeof SELECTORS;
