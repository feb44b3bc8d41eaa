/**
 * Outlook on the web (outlook.live.com, outlook.office.com, outlook.office365.com) selectors.
 * No network to the live site here: each names its source — public extensions' code, or
 * "reconstructed" (our model of the page from Outlook's public HTML conventions). Outlook's
 * class names are build hashes that change often (evicypher-webmail's selectors changed three
 * times), so roles and ids are preferred; a mismatch falls back to the generic adapter.
 * Language: composeRoot, editor, composeField, anchor and attachment use roles, attributes and
 * URLs only. Still English-only (no attribute-based alternative known without a saved page):
 * the To/Cc/Bcc wells (`aria-label="To"`) and the From button (`aria-label^="From:"`); in another
 * UI language recipients and the alias are not read (the account address is the sender) but
 * compose and read still work.
 */
export const SELECTORS = {
  /** Office header app name — read by the bmail extension's Outlook script (`getElementById("O365_AppName")`). */
  app: '#O365_AppName',
  /**
   * Reconstructed: a compose form (new, reply, inline reply, pop-out) is a region holding the
   * multi-line body textbox. `aria-multiline` is not translated (the "To" label was: English only).
   */
  composeRoot: 'div[role="region"]:has(div[role="textbox"][aria-multiline="true"])',
  /**
   * Reconstructed: the body editor is the multi-line textbox (QShield uses `div[role="textbox"][aria-label="Message body"]`;
   * the label is translated, `aria-multiline` is not; recipient wells are single-line).
   */
  editor: 'div[role="textbox"][contenteditable="true"][aria-multiline="true"]',
  /** Reconstructed: a single-line editable textbox is a recipient well (the body is the multi-line one); roles, not the translated labels. */
  composeField: 'div[role="textbox"][contenteditable="true"]:not([aria-multiline])',
  /**
   * The compose command bar — toggl/track-extension (`[aria-label="Command toolbar"]`, with `button[name="Send"]`).
   * Matched by role and the Send button's `name` (a form name, not translated) instead of the English label.
   */
  anchor: 'div[role="toolbar"]:has(> button[name="Send"])',
  /** Reconstructed: recipient wells labelled To / Cc / Bcc. */
  toRow: 'div[role="textbox"][aria-label="To"]',
  ccRow: 'div[role="textbox"][aria-label="Cc"]',
  bccRow: 'div[role="textbox"][aria-label="Bcc"]',
  /** Recipient persona chip — QShield (`span[data-lpc-hover-target]`); reconstructed: the address is its `title`. */
  chip: 'span[data-lpc-hover-target]',
  /** Reconstructed: the From button shows the chosen address (shared mailboxes, aliases). */
  from: 'button[aria-label^="From:"]',
  /** Reconstructed: Microsoft's account manager shows the signed-in address here. */
  account: '#mectrl_currentAccount_secondary',
  /** Reconstructed: the compose form's hidden file input. */
  upload: 'input[type="file"]',
  /** Reconstructed: each conversation item in the reading pane (`#ReadingPaneContainerId`: evicypher-webmail) carries aria-expanded. */
  message: '#ReadingPaneContainerId div[aria-expanded]',
  /** Reconstructed: the message body document inside an expanded item. */
  body: 'div[role="document"]',
  /** Reconstructed: the sender's persona, address in `title`. */
  sender: 'span[title*="@"]',
  /** Quoted history after Outlook's reply header `div#divRplyFwdMsg` — Outlook's own HTML in every reply it sends. */
  quoted: 'div#divRplyFwdMsg ~ div',
  /** Reconstructed: attachment cards link to OWA's download endpoint `service.svc/s/GetFileAttachment?id=…` (same origin as the mailbox); the file name is the link's `title`. Language-independent. */
  attachment: 'a[href*="/service.svc/s/GetFileAttachment"]',
} as const;

export type SelectorName = keyof typeof SELECTORS;
