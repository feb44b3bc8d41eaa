/**
 * The background router's input: an envelope from any sender, through `parseEnvelope`,
 * the sender's message table and the payload schema (src/shared/schema.ts, schemas.ts).
 * Handlers are stubs, so this fuzzes exactly the validation layer. Payloads are built
 * from the real property names and near-valid values (so deep paths are reached), plus
 * prototype tricks and JSON-like junk. Property: the router resolves to a Reply; a refusal
 * is BAD_REQUEST / FORBIDDEN / UNKNOWN_MESSAGE (never INTERNAL), and an accepted payload is
 * a fresh copy with no property the schema did not declare.
 */
import fc from 'fast-check';
import type { Runtime } from 'webextension-polyfill';
import { createRouter, type ContentHandlers, type PageHandlers } from '../../src/background/router';
import type { Reply } from '../../src/shared/protocol';
import { contentSchemas, pageSchemas } from '../../src/shared/schemas';
import type { FuzzTarget } from './runner';

const ID = 'fuzzextensionid';
const ORIGIN = `chrome-extension://${ID}`;
const TYPES = [...new Set([...Object.keys(pageSchemas), ...Object.keys(contentSchemas)])];
const NAMES = [
  'adapter', 'address', 'addresses', 'armored', 'attachments', 'autoDecrypt', 'bcc', 'cc', 'confirm', 'data', 'email', 'emails',
  'encoding', 'expiresAt', 'expiresInDays', 'fileName', 'fingerprint', 'height', 'id', 'kind', 'material', 'message', 'mimeType',
  'mode', 'name', 'newPassphrase', 'newPassphrases', 'oldPassphrase', 'origin', 'passphrase', 'passphraseCacheMinutes',
  'passphrases', 'password', 'profile', 'quotedArmored', 'reason', 'recipients', 'sender', 'sessionId', 'subkeys', 'tabId', 'text',
  'time', 'to', 'url', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
];
const FPR = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';
const VALUES = [
  FPR, FPR.toLowerCase(), `${FPR}00`, 'alice@example.org', 'not an address', 'ecc', 'v6', 'encrypt-sign', 'sign', 'message',
  'compromised', 'public', 'private-gnupg', '2030-01-01T00:00:00.000Z', '2030-13-45', 'https://vault.example.org', 'http://127.0.0.1:8787',
  'roundcube', 'Roundcube', '00000000-0000-4000-8000-000000000000', '', 'x'.repeat(300), '-----BEGIN PGP MESSAGE-----\n\n=\n-----END PGP MESSAGE-----',
  0, -1, 1, 30, 2 ** 31, 1e308, Number.NaN, Number.POSITIVE_INFINITY, 1.5, true, false, null,
];

function payloadArb(): fc.Arbitrary<unknown> {
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: fc.constantFrom(...VALUES), weight: 6 },
      { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
      { arbitrary: fc.array(tie('tree'), { maxLength: 4 }), weight: 2 },
      { arbitrary: fc.dictionary(fc.constantFrom(...NAMES), tie('tree'), { maxKeys: 7 }), weight: 4 },
    ),
  }));
  return fc.oneof(
    { arbitrary: fc.dictionary(fc.constantFrom(...NAMES), tree, { maxKeys: 8 }), weight: 6 },
    // A real "__proto__" own property, as JSON.parse and structured clone make it.
    { arbitrary: tree.map((v) => JSON.parse(`{"__proto__": ${JSON.stringify(v) ?? 'null'}, "fingerprint": "${FPR}"}`) as unknown), weight: 1 },
    { arbitrary: tree.map((v) => Object.assign(Object.create(null) as object, { fingerprint: FPR, v })), weight: 1 },
    { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 },
  );
}

interface Input {
  message: unknown;
  sender: 'page' | 'content' | 'other';
}

function inputArb(): fc.Arbitrary<Input> {
  const envelope = fc.record({ cachet: fc.constant(1), type: fc.oneof({ arbitrary: fc.constantFrom(...TYPES), weight: 9 }, fc.string({ maxLength: 70 })), payload: payloadArb() });
  const odd = fc.oneof(fc.anything({ maxDepth: 2 }), envelope.map((e) => ({ ...e, extra: 1 })), envelope.map((e) => ({ ...e, cachet: 2 })));
  return fc.record({
    message: fc.oneof({ arbitrary: envelope, weight: 9 }, { arbitrary: odd, weight: 1 }),
    sender: fc.oneof({ arbitrary: fc.constant('page' as const), weight: 6 }, { arbitrary: fc.constant('content' as const), weight: 3 }, { arbitrary: fc.constant('other' as const), weight: 1 }),
  });
}

/** Stub handlers echoing the parsed request, for every message type. */
function stubs<T>(schemas: object): T {
  const out: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const k of Object.keys(schemas)) out[k] = async (req) => req;
  return out as T;
}

const SENDERS: Record<Input['sender'], Runtime.MessageSender> = {
  page: { id: ID, url: `${ORIGIN}/options.html` },
  content: { id: ID, url: 'https://mail.example.org/', tab: { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false } },
  other: { id: 'someone-else', url: 'https://evil.example/' },
};
const REFUSALS = new Set(['BAD_REQUEST', 'FORBIDDEN', 'UNKNOWN_MESSAGE']);

/** Every own property of an accepted value was declared: no prototype pollution, no smuggling. */
function clean(v: unknown, depth = 0): boolean {
  if (depth > 20 || typeof v !== 'object' || v === null) return true;
  if (Object.hasOwn(v, '__proto__')) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false;
  return Object.values(v).every((x) => clean(x, depth + 1));
}

export function schemaTarget(): FuzzTarget<Input> {
  const router = createRouter({
    runtimeId: ID,
    extensionOrigin: `${ORIGIN}/`,
    page: { handlers: stubs<PageHandlers>(pageSchemas), schemas: pageSchemas },
    content: { handlers: stubs<ContentHandlers>(contentSchemas), schemas: contentSchemas },
  });
  return {
    name: 'message-schema',
    weight: 15,
    minRuns: 250,
    budgetMs: 2_000,
    arbitrary: inputArb(),
    async run(i) {
      const reply = (await router.handle(i.message, SENDERS[i.sender])) as Reply<unknown>;
      if (reply.ok) {
        if (i.sender === 'other') throw new Error('an unknown sender was served');
        if (!clean(reply.value)) throw new Error('an accepted payload kept an undeclared or prototype property');
        if (({} as Record<string, unknown>).fingerprint !== undefined) throw new Error('Object.prototype polluted');
        return;
      }
      if (!REFUSALS.has(reply.error.code)) throw new Error(`router answered ${reply.error.code}`);
      return `reply ${reply.error.code}`;
    },
  };
}
