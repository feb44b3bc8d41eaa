/** Payload schemas of confirm-protocol.ts, spread into schemas.ts's page map. */
import { CONFIRMATION_ID_PATTERN, type ConfirmPageProtocol } from './confirm-protocol';
import { SESSION_ID_PATTERN } from './frame-claim-protocol';
import type { LookupSource } from './lookup-protocol';
import { email, fingerprint } from './lookup-schemas';
import { MAIL_LIMITS } from './mail-schemas';
import { array, boolean, literal, object, string, type Schema } from './schema';

const confirmationId = string({ max: 32, min: 32, pattern: CONFIRMATION_ID_PATTERN, patternName: 'confirmation id' });
const sessionId = string({ max: 36, pattern: SESSION_ID_PATTERN, patternName: 'session id' });
const requestId = string({ max: 64, min: 1, pattern: /^[A-Za-z0-9_-]+$/, patternName: 'request id' });
// Display only, but parsed with `new URL` by the window: a URL or nothing.
const url = string({ max: 2048, min: 1, pattern: /^(?:https?|hkps?):\/\/[^\s/]+\S*$/, patternName: 'source address' });
const domain = string({ max: 253, min: 1, pattern: /^[A-Za-z0-9.-]+$/, patternName: 'domain' });

const bySourceKind: { [K in LookupSource['kind']]: Schema<Extract<LookupSource, { kind: K }>> } = {
  keyring: object({ kind: literal('keyring') }),
  'vault-directory': object({ kind: literal('vault-directory'), url }),
  wkd: object({ kind: literal('wkd'), domain, method: literal('advanced', 'direct') }),
  vks: object({ kind: literal('vks'), url }),
  hkp: object({ kind: literal('hkp'), url }),
  autocrypt: object({ kind: literal('autocrypt'), preferEncrypt: literal('mutual', 'nopreference'), seenAt: string({ max: 40 }) }),
};

/** One look-up source, as the look-up panel got it (display only). */
const source: Schema<LookupSource> = {
  parse(v, path = 'payload') {
    const kind = literal(...(Object.keys(bySourceKind) as LookupSource['kind'][])).parse((v as { kind?: unknown } | null)?.kind, `${path}.kind`);
    return bySourceKind[kind].parse(v, path);
  },
};

export const confirmPageSchemas = {
  askLookupImport: object({ address: email, armored: string({ max: 2 * 1024 * 1024, min: 1 }), fingerprint, replace: boolean(), sources: array(source, { max: 10 }) }),
  askPageApiEncrypt: object({ sessionId, requestId, sign: boolean() }),
  askSignOnly: object({ sessionId, text: string({ max: MAIL_LIMITS.composeTextChars }) }),
  getConfirmationOutcome: object({ confirmationId }),
  getConfirmation: object({ confirmationId }),
  answerConfirmation: object({ confirmationId, approve: boolean() }),
} satisfies { [K in keyof ConfirmPageProtocol]: Schema<ConfirmPageProtocol[K]['req']> };
