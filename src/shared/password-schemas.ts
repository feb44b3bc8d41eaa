/** Payload schemas of password-protocol.ts, spread into schemas.ts's page map. */
import { MAIL_LIMITS } from './mail-schemas';
import type { PasswordPageProtocol } from './password-protocol';
import { array, literal, nullable, object, string, type Schema } from './schema';

export const PASSWORD_LIMITS = {
  /** Characters of a message password (generated ones are 29). */
  password: 1024,
  /** The explanation above the armor. */
  notice: 2000,
} as const;

const sessionId = string({ max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, patternName: 'session id' });
const address = string({ max: MAIL_LIMITS.address });
const addresses = array(address, { max: MAIL_LIMITS.recipients });
const password = string({ max: PASSWORD_LIMITS.password, min: 1 });
const wireFile = object({
  name: string({ max: MAIL_LIMITS.fileName, min: 1 }),
  mimeType: string({ max: MAIL_LIMITS.mimeType }),
  base64: string({ max: MAIL_LIMITS.attachmentBase64Chars, pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternName: 'base64' }),
});

export const passwordPageSchemas = {
  submitPasswordCompose: object({
    sessionId,
    text: string({ max: MAIL_LIMITS.composeTextChars }),
    recipients: object({ to: addresses, cc: addresses, bcc: addresses }),
    mode: literal('encrypt-sign', 'encrypt'),
    attachments: array(wireFile, { max: MAIL_LIMITS.attachments }),
    password,
    notice: string({ max: PASSWORD_LIMITS.notice }),
    passphrase: nullable(string({ max: 1024 })),
  }),
  getReadPacketInfo: object({ sessionId }),
  decryptReadSessionWithPassword: object({ sessionId, password }),
} satisfies { [K in keyof PasswordPageProtocol]: Schema<PasswordPageProtocol[K]['req']> };
