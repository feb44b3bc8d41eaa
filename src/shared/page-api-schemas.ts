/**
 * Payload schemas of the page API (page-api-protocol.ts). Everything the bridge sends comes
 * from the web page: capped and pattern-checked here, parsed again in the background.
 */
import type { PageApiContentProtocol, PageApiPageProtocol } from './page-api-protocol';
import { MAIL_LIMITS } from './mail-schemas';
import { array, boolean, empty, nullable, object, string, type Schema } from './schema';

export const PAGE_API_LIMITS = {
  addresses: 50,
  address: 320,
  /** Armored message handed to a display container (same cap as a read session). */
  armoredChars: 25 * 1024 * 1024,
  /** Text the page puts into the editor before the user types (Roundcube: the plain body). */
  predefinedChars: 1024 * 1024,
  composeTextChars: 5 * 1024 * 1024,
  /** The reply header the page puts above a quote ("On …, X wrote:"). */
  quoteHeaderChars: 1000,
} as const;

const sessionId = string({ max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, patternName: 'session id' });
const requestId = string({ max: 64, min: 1, pattern: /^[A-Za-z0-9_-]+$/, patternName: 'request id' });
const address = string({ max: PAGE_API_LIMITS.address, min: 1 });
const addresses = array(address, { max: PAGE_API_LIMITS.addresses });
const fingerprint = string({ max: 64, min: 16, pattern: /^[0-9A-Fa-f]+$/, patternName: 'fingerprint' });
// Files the user picked in our editor frame (same caps as the ordinary secure editor).
const wireFile = object({
  name: string({ max: MAIL_LIMITS.fileName, min: 1 }),
  mimeType: string({ max: MAIL_LIMITS.mimeType }),
  base64: string({ max: MAIL_LIMITS.attachmentBase64Chars, pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternName: 'base64' }),
});
const origin = string({ max: 270, min: 8, pattern: /^https?:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/, patternName: 'origin' });

export const pageApiContentSchemas = {
  pageApiValidKeys: object({ addresses }),
  pageApiHasPrivateKey: object({ fingerprint }),
  pageApiExportOwnKey: object({ address }),
  pageApiAutocrypt: object({ from: address }),
  pageApiOpenEditor: object({
    signMsg: boolean(),
    predefinedText: nullable(string({ max: PAGE_API_LIMITS.predefinedChars })),
    quotedMail: nullable(string({ max: PAGE_API_LIMITS.armoredChars })),
    quotedMailIndent: boolean(),
    quotedMailHeader: nullable(string({ max: PAGE_API_LIMITS.quoteHeaderChars })),
    keepAttachments: boolean(),
  }),
  pageApiEncrypt: object({ sessionId, requestId, recipients: addresses }),
  pageApiOpenDisplay: object({ armored: string({ max: PAGE_API_LIMITS.armoredChars, min: 1 }), senderAddress: nullable(address) }),
  pageApiOpenSettings: empty(),
} satisfies { [K in keyof PageApiContentProtocol]: Schema<PageApiContentProtocol[K]['req']> };

export const pageApiPageSchemas = {
  getPageApiEditor: object({ sessionId }),
  confirmPageApiEncrypt: object({
    sessionId,
    requestId,
    text: string({ max: PAGE_API_LIMITS.composeTextChars }),
    sign: boolean(),
    passphrase: nullable(string({ max: 1024 })),
    attachments: array(wireFile, { max: MAIL_LIMITS.attachments }),
  }),
  getPageApiQuote: object({ sessionId, passphrase: nullable(string({ max: 1024 })), clicked: boolean() }),
  refusePageApiEncrypt: object({ sessionId, requestId }),
  setPageApiSite: object({ origin, enabled: boolean() }),
  listPageApiSites: empty(),
} satisfies { [K in keyof PageApiPageProtocol]: Schema<PageApiPageProtocol[K]['req']> };
