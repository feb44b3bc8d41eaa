/**
 * The `window.mailvelope` object: Mailvelope's client API (v2+ semantics) as far as webmails
 * use it. One keyring for every id: Cachet has one keyring, and the page learns only public
 * metadata from it. `getVersion` answers a Mailvelope-like version ≥ 2, which Roundcube needs to
 * offer "encrypt and sign" (app.js: `mailvelope.VERSION_MAJOR >= 2`).
 */
import { PageApiError, type Call } from './client';

export const API_VERSION = '5.0.0';

type Addresses = string[];

export interface Keyring {
  validKeyForAddress(addresses: Addresses): Promise<Record<string, false | { keys: Array<{ fingerprint: string; lastModified: Date; source: string }> }>>;
  exportOwnPublicKey(email: string): Promise<string>;
  importPublicKey(armored: string): Promise<string>;
  hasPrivateKey(fingerprint: string | { fingerprint?: string; email?: string }): Promise<boolean>;
  additionalHeadersForOutgoingEmail(headers: { from?: string }): Promise<Record<string, string>>;
  openSettings(): Promise<void>;
  createKeyGenContainer(selector: string, options: { userIds?: Array<{ email?: string; fullName?: string }>; keySize?: number }): Promise<KeyGenerator>;
}

/**
 * Mailvelope's generator. `generate()` arms the Generate button of our frame; the key is made
 * only when the user presses it there (PI-04), then the promise resolves with the PUBLIC key.
 */
export interface KeyGenerator {
  generate(confirmRequired?: boolean): Promise<string>;
  confirm(): Promise<void>;
  reject(): Promise<void>;
}

export interface Editor {
  encrypt(recipients: Addresses): Promise<string>;
  encryptSign(recipients: Addresses): Promise<string>;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function createKeyring(call: Call): Keyring {
  const keyring: Keyring = {
    async validKeyForAddress(addresses: Addresses) {
      const { status } = (await call('validKeys', { addresses: strings(addresses) })) as {
        status: Record<string, false | { keys: Array<{ fingerprint: string; created: string }> }>;
      };
      const out: Awaited<ReturnType<Keyring['validKeyForAddress']>> = {};
      for (const [addr, v] of Object.entries(status)) {
        out[addr] = v === false ? false : { keys: v.keys.map((k) => ({ fingerprint: k.fingerprint.toLowerCase(), lastModified: new Date(k.created), source: 'LOC' })) };
      }
      return out;
    },
    async exportOwnPublicKey(email: string) {
      return ((await call('exportOwnKey', { address: String(email) })) as { armored: string }).armored;
    },
    async importPublicKey(armored: string) {
      return ((await call('importPublicKey', { armored: String(armored) })) as { status: string }).status;
    },
    async hasPrivateKey(arg: string | { fingerprint?: string; email?: string }) {
      const fingerprint = typeof arg === 'string' ? arg : String(arg?.fingerprint ?? '');
      return ((await call('hasPrivateKey', { fingerprint })) as { has: boolean }).has;
    },
    async additionalHeadersForOutgoingEmail(headers: { from?: string }) {
      const from = String(headers?.from ?? '');
      const { autocrypt } = (await call('autocrypt', { from })) as { autocrypt: string | null };
      const out: Record<string, string> = {};
      if (autocrypt !== null) out.autocrypt = autocrypt;
      return out;
    },
    async openSettings() {
      await call('openSettings', {});
    },
    async createKeyGenContainer(selector: string, options: { userIds?: Array<{ email?: string; fullName?: string }>; keySize?: number }) {
      const ids = Array.isArray(options?.userIds) ? options.userIds : [];
      const { generatorId } = (await call('openKeyGen', {
        selector: String(selector),
        userIds: ids.map((u) => ({ email: String(u?.email ?? ''), fullName: String(u?.fullName ?? '') })),
        keySize: typeof options?.keySize === 'number' ? options.keySize : null,
      })) as { generatorId: string };
      const generator: KeyGenerator = {
        async generate(confirmRequired?: boolean) {
          return ((await call('generateKey', { generatorId, confirmRequired: confirmRequired === true })) as { armored: string }).armored;
        },
        async confirm() {
          await call('decideKeyGen', { generatorId, confirm: true });
        },
        async reject() {
          await call('decideKeyGen', { generatorId, confirm: false });
        },
      };
      return Object.freeze(generator);
    },
  };
  return Object.freeze(keyring);
}

export function createMailvelope(call: Call) {
  const keyring = createKeyring(call);
  const editorFor = (editorId: string): Editor => {
    const encrypt = async (recipients: Addresses): Promise<string> =>
      ((await call('encrypt', { editorId, recipients: strings(recipients) })) as { armored: string }).armored;
    return Object.freeze({ encrypt, encryptSign: encrypt });
  };
  // Not frozen: Roundcube writes mailvelope.VERSION / VERSION_MAJOR onto it (app.js mailvelope_load).
  return {
    getVersion: async (): Promise<string> => API_VERSION,
    getKeyring: async (_id?: string): Promise<Keyring> => keyring,
    createKeyring: async (_id?: string): Promise<Keyring> => keyring,
    async createEditorContainer(selector: string, _keyring?: unknown, options?: Record<string, unknown>): Promise<Editor> {
      const o = options ?? {};
      const { editorId } = (await call('openEditor', {
        selector: String(selector),
        signMsg: o.signMsg === true,
        predefinedText: typeof o.predefinedText === 'string' ? o.predefinedText : null,
        quotedMail: typeof o.quotedMail === 'string' ? o.quotedMail : null,
        quotedMailIndent: o.quotedMailIndent === true,
        quotedMailHeader: typeof o.quotedMailHeader === 'string' ? o.quotedMailHeader : null,
        keepAttachments: o.keepAttachments === true,
      })) as { editorId: string };
      return editorFor(editorId);
    },
    async createDisplayContainer(selector: string, armored: string, _keyring?: unknown, options?: { senderAddress?: string }) {
      try {
        await call('openDisplay', {
          selector: String(selector),
          armored: String(armored),
          senderAddress: typeof options?.senderAddress === 'string' ? options.senderAddress : null,
        });
        return {};
      } catch (e) {
        // Mailvelope resolves display errors as {error} (Roundcube shows error.message).
        return { error: { code: e instanceof PageApiError ? e.code : 'INTERNAL', message: e instanceof Error ? e.message : 'failed' } };
      }
    },
  };
}
