/** Payload schemas of the lookup messages (src/shared/lookup-protocol.ts). */
import type { LookupContentProtocol, LookupPageProtocol, PublishTarget } from './lookup-protocol';
import { array, boolean, empty, literal, object, string, type Schema } from './schema';

export const fingerprint = string({ max: 64, pattern: /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/, patternName: 'fingerprint' });
export const email = string({ max: 254, pattern: /^[^\s@<>]+@[^\s@<>]+$/, patternName: 'e-mail address' });
// Re-checked by keyServerBase (https unless loopback) before any request.
const serverUrl = string({ max: 2048, min: 1, pattern: /^(?:https?|hkps?):\/\/\S+$/, patternName: 'key server address' });
/** Max configured key servers. */
export const MAX_KEY_SERVERS = 10;
/** Autocrypt keydata (base64): 64 KiB of header is plenty for any sane key. */
const keydata = string({ max: 64 * 1024, min: 4, pattern: /^[A-Za-z0-9+/=]+$/, patternName: 'base64' });

const target: Schema<PublishTarget> = {
  parse(v, path = 'payload') {
    const kind = (v as { kind?: unknown } | null)?.kind;
    return kind === 'server' ? object({ kind: literal('server'), url: serverUrl }).parse(v, path) : object({ kind: literal('vault-directory') }).parse(v, path);
  },
};

export const lookupPageSchemas = {
  lookupKeys: object({ emails: array(email, { max: 20, min: 1 }) }),
  getLookupSettings: empty(),
  setLookupSettings: object({
    keyServers: array(object({ url: serverUrl, kind: literal('vks', 'hkp') }), { max: MAX_KEY_SERVERS }),
    wkd: boolean(),
    vaultDirectory: boolean(),
  }),
  getPublishState: object({ fingerprint }),
  publishKey: object({ fingerprint, targets: array(target, { max: MAX_KEY_SERVERS + 1, min: 1 }) }),
} satisfies { [K in keyof LookupPageProtocol]: Schema<LookupPageProtocol[K]['req']> };

export const lookupContentSchemas = {
  autocryptSeen: object({
    from: email,
    addr: email,
    preferEncrypt: literal('mutual', 'nopreference'),
    keydata,
    date: string({ max: 40, pattern: /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, patternName: 'ISO date' }),
  }),
} satisfies { [K in keyof LookupContentProtocol]: Schema<LookupContentProtocol[K]['req']> };
