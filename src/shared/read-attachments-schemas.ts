/** Payload schemas of read-attachments-protocol.ts, spread into schemas.ts (caps: MAIL_LIMITS). */
import { MAIL_LIMITS } from './mail-schemas';
import type { ReadAttachmentsContentProtocol, ReadAttachmentsPageProtocol } from './read-attachments-protocol';
import { int, literal, nullable, object, string, type Schema } from './schema';

const sessionId = string({ max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, patternName: 'session id' });
const index = int(0, MAIL_LIMITS.attachments - 1);

export const readAttachmentsContentSchemas = {
  addReadAttachment: object({
    bodyDigest: string({ max: 64, min: 64, pattern: /^[0-9a-f]{64}$/, patternName: 'SHA-256 hex' }),
    index,
    count: int(1, MAIL_LIMITS.attachments),
    name: string({ max: MAIL_LIMITS.fileName, min: 1 }),
    base64: nullable(string({ max: MAIL_LIMITS.attachmentBase64Chars, min: 1, pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternName: 'base64' })),
    problem: nullable(literal('too-large', 'unavailable')),
  }),
} satisfies { [K in keyof ReadAttachmentsContentProtocol]: Schema<ReadAttachmentsContentProtocol[K]['req']> };

export const readAttachmentsPageSchemas = {
  listReadAttachments: object({ sessionId }),
  decryptReadAttachment: object({ sessionId, index, passphrase: nullable(string({ max: 1024 })) }),
} satisfies { [K in keyof ReadAttachmentsPageProtocol]: Schema<ReadAttachmentsPageProtocol[K]['req']> };
