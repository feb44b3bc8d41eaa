/**
 * Payload schemas of the page-API keyring calls (page-api-keyring-protocol.ts). What the
 * bridge sends comes from the web page: capped and pattern-checked here.
 */
import type { PageApiKeyringContentProtocol, PageApiKeyringPageProtocol } from './page-api-keyring-protocol';
import { CLAIM_TOKEN_PATTERN } from './frame-claim-protocol';
import { array, boolean, int, nullable, object, string, type Schema } from './schema';

export const PAGE_API_KEYRING_LIMITS = {
  /** An armored public key offered by the page (the import cap of a single key is larger; a page has no need). */
  keyChars: 1024 * 1024,
  userIds: 5,
  address: 320,
  name: 128,
} as const;

const sessionId = string({ max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, patternName: 'session id' });
const requestId = string({ max: 64, min: 1, pattern: /^[A-Za-z0-9_-]+$/, patternName: 'request id' });
const token = string({ max: 32, min: 32, pattern: CLAIM_TOKEN_PATTERN, patternName: 'claim token' });
const importId = string({ max: 32, min: 32, pattern: /^[0-9a-f]+$/, patternName: 'import id' });

export const pageApiKeyringContentSchemas = {
  pageApiImportKey: object({ requestId, armored: string({ max: PAGE_API_KEYRING_LIMITS.keyChars, min: 1 }) }),
  pageApiOpenKeyGen: object({
    userIds: array(object({ email: string({ max: PAGE_API_KEYRING_LIMITS.address, min: 1 }), fullName: string({ max: PAGE_API_KEYRING_LIMITS.name }) }), {
      max: PAGE_API_KEYRING_LIMITS.userIds,
      min: 1,
    }),
    keySize: nullable(int(0, 16384)),
  }),
  pageApiGenerateKey: object({ sessionId, requestId, confirmRequired: boolean() }),
  pageApiDecideKeyGen: object({ sessionId, confirm: boolean() }),
  pageApiKeyGenClaim: object({ sessionId }),
} satisfies { [K in keyof PageApiKeyringContentProtocol]: Schema<PageApiKeyringContentProtocol[K]['req']> };

export const pageApiKeyringPageSchemas = {
  getPageApiImport: object({ importId }),
  decidePageApiImport: object({ importId, accept: boolean(), replace: boolean() }),
  claimPageApiKeyGen: object({ sessionId, token }),
  getPageApiKeyGen: object({ sessionId }),
  generatePageApiKey: object({ sessionId, requestId, passphrase: string({ max: 1024, min: 1 }) }),
} satisfies { [K in keyof PageApiKeyringPageProtocol]: Schema<PageApiKeyringPageProtocol[K]['req']> };
