/**
 * Yahoo Mail (mail.yahoo.com) selectors. No network to the live site here: each names its
 * source — public code (page objects of test suites, extensions) or "reconstructed" (our
 * model of the page). Yahoo marks its UI with `data-test-id` attributes, which survive
 * restyling better than its hashed classes; a mismatch falls back to the generic adapter.
 */
export const SELECTORS = {
  /** Reconstructed: the mail app's root component. */
  app: '#mail-app-component',
  /** Reconstructed: one compose view (full-page compose, inline reply, pop-out). */
  composeRoot: 'div[data-test-id="compose"]',
  /** Body editor, first child of `#editor-container` — Ivan643/The-mailbox-testing-yahoo.com page object (`//*[@id="editor-container"]/div[1]`). */
  editor: '#editor-container > div[contenteditable="true"]',
  /** The To field — Ivan643 page object (`inputAddressField: '#message-to-field'`). */
  composeField: '#message-to-field',
  /** Reconstructed: the compose toolbar with Send (evicypher-webmail's toolbar `.z_Z14vXdP` sits there). */
  anchor: 'div[data-test-id="compose-toolbar"]',
  /** Recipient rows around `#message-to-field` — Ivan643 page object (`inputAddressField: '#message-to-field'`); cc/bcc ids reconstructed alike. */
  toRow: 'div:has(> #message-to-field)',
  ccRow: 'div:has(> #message-cc-field)',
  bccRow: 'div:has(> #message-bcc-field)',
  /** Reconstructed: recipient pills, address in `title`. */
  chip: 'div[data-test-id="pill"]',
  /** Reconstructed: the From selector of a compose view ("Name <address>"). */
  from: 'div[data-test-id="compose-from"]',
  /** Reconstructed: the account menu's address line. */
  account: 'span[data-test-id="account-email"]',
  /** Reconstructed: the compose view's attachment input. */
  upload: 'input[type="file"][data-test-id="attach-file-input"]',
  /** One message — will355/email-scam-detection-chrome-ext (`[data-test-id="message-view"]`). */
  message: 'div[data-test-id="message-view"]',
  /** Message body — evicypher-webmail's Yahoo script (`mail: '.msg-body'`). */
  body: 'div.msg-body',
  /** Sender — will355/email-scam-detection-chrome-ext (`[data-test-id="message-from"]`). */
  sender: '[data-test-id="message-from"]',
  /** Quoted text — Yahoo's own `yahoo_quoted` class in every reply it sends. */
  quoted: 'div.yahoo_quoted',
  /** Reconstructed: attachment download links to Yahoo's part endpoint `…/messages/@.id==…/content/parts/@.id==N/raw`; on the live site that URL is on an API host (another origin), so it is refused with a clear message and the user drops the file into Cachet. */
  attachment: 'a[href*="/content/parts/"]',
} as const;

export type SelectorName = keyof typeof SELECTORS;
