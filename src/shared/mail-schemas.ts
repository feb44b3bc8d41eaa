/**
 * Payload schemas of the webmail messages (mail-protocol.ts), spread into the maps of
 * schemas.ts. Caps (DS-03): one armored block ≤ 25 MiB, ≤ 50 recipients, attachments
 * ≤ 25 MiB each. Addresses coming from the page are only length-checked here: the
 * background parses them and reports a bad one as a recipient problem ('invalid').
 */
import type { MailContentProtocol, MailPageProtocol } from './mail-protocol';
import { array, int, literal, nullable, object, string, type Schema } from './schema';

export const MAIL_LIMITS = {
  /** Characters of one armored block or raw PGP/MIME message handed over by the content script. */
  armoredChars: 25 * 1024 * 1024,
  recipients: 50,
  address: 320,
  /** Text typed in the secure editor. */
  composeTextChars: 5 * 1024 * 1024,
  attachments: 20,
  /** Base64 characters of one attachment (25 MiB of bytes). */
  attachmentBase64Chars: Math.ceil((25 * 1024 * 1024) / 3) * 4,
  /** All attachments of one message together, base64 (stays under Chrome's 64 MiB message cap). */
  totalAttachmentBase64Chars: 40 * 1024 * 1024,
  fileName: 255,
  mimeType: 128,
  frameHeight: 100_000,
} as const;

const sessionId = string({ max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, patternName: 'session id' });
const address = string({ max: MAIL_LIMITS.address });
const addresses = array(address, { max: MAIL_LIMITS.recipients });
const recipients = object({ to: addresses, cc: addresses, bcc: addresses });
const passphrase = string({ max: 1024 });
const wireFile = object({
  name: string({ max: MAIL_LIMITS.fileName, min: 1 }),
  mimeType: string({ max: MAIL_LIMITS.mimeType }),
  base64: string({ max: MAIL_LIMITS.attachmentBase64Chars, pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternName: 'base64' }),
});

export const mailContentSchemas = {
  openComposeSession: object({
    adapter: string({ max: 32, min: 1, pattern: /^[a-z0-9-]+$/, patternName: 'adapter name' }),
    recipients,
    sender: nullable(address),
    quotedArmored: nullable(string({ max: MAIL_LIMITS.armoredChars })),
  }),
  openReadSession: object({
    adapter: string({ max: 32, min: 1, pattern: /^[a-z0-9-]+$/, patternName: 'adapter name' }),
    kind: literal('message', 'cleartext-signed', 'pgp-mime-encrypted', 'pgp-mime-signed'),
    // Above the cap → TOO_LARGE from the handler (a clear message in the frame), not BAD_REQUEST.
    armored: string({ max: 64 * 1024 * 1024, min: 1 }),
    sender: nullable(address),
  }),
  closeSession: object({ sessionId }),
} satisfies { [K in keyof MailContentProtocol]: Schema<MailContentProtocol[K]['req']> };

export const mailPageSchemas = {
  getComposeSession: object({ sessionId }),
  getComposeQuote: object({ sessionId, passphrase: nullable(passphrase) }),
  resolveRecipients: object({ addresses: array(address, { max: MAIL_LIMITS.recipients * 3 }) }),
  submitCompose: object({
    sessionId,
    text: string({ max: MAIL_LIMITS.composeTextChars }),
    recipients,
    mode: literal('encrypt-sign', 'sign', 'encrypt'),
    attachments: array(wireFile, { max: MAIL_LIMITS.attachments }),
    passphrase: nullable(passphrase),
  }),
  cancelCompose: object({ sessionId }),
  saveComposeDraft: object({
    sessionId,
    text: string({ max: MAIL_LIMITS.composeTextChars }),
    recipients,
    mode: literal('encrypt-sign', 'sign', 'encrypt'),
  }),
  openComposeDraft: object({ sessionId, passphrase: nullable(passphrase) }),
  getReadSession: object({ sessionId }),
  decryptReadSession: object({ sessionId, passphrase: nullable(passphrase) }),
  resizeFrame: object({ sessionId, height: int(0, MAIL_LIMITS.frameHeight) }),
} satisfies { [K in keyof MailPageProtocol]: Schema<MailPageProtocol[K]['req']> };

