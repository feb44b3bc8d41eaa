/**
 * SG-06 "security background": a per-installation secret the user learns to expect in our
 * frames and passphrase dialogs. Kept in `storage.local` (not IndexedDB) so it survives
 * restarts cheaply; it is a recognition aid, not a key: content scripts could read
 * storage.local in Chrome, but they are ours, and the web page itself has no access.
 *
 * 3 words from 64 × 8 colours = 2^21 combinations: far too many for a page to guess a
 * particular user's token, and short enough to remember at a glance.
 */
import { SECURITY_TOKEN_COLOURS, type SecurityToken, type SecurityTokenColour } from '../shared/security-token-protocol';
import type { StorageAreaLike } from './browser-deps';
import type { PageGroup } from './handlers/context';

export const SECURITY_TOKEN_KEY = 'securityToken';

/** 64 short, concrete, easily told apart English nouns (a power of two: no modulo bias). */
export const SECURITY_TOKEN_WORDS = [
  'acorn', 'anchor', 'apple', 'arrow', 'badger', 'banjo', 'barrel', 'beacon',
  'beetle', 'bell', 'birch', 'bison', 'bottle', 'bridge', 'cactus', 'camel',
  'candle', 'canoe', 'castle', 'cedar', 'cherry', 'clover', 'comet', 'copper',
  'coral', 'crane', 'daisy', 'dolphin', 'dragon', 'falcon', 'feather', 'fern',
  'fiddle', 'forest', 'garnet', 'glacier', 'harbor', 'hazel', 'heron', 'island',
  'jasmine', 'kettle', 'lantern', 'lemon', 'lizard', 'maple', 'meadow', 'mango',
  'otter', 'owl', 'panda', 'pebble', 'pepper', 'pillow', 'puffin', 'quartz',
  'rabbit', 'river', 'saddle', 'salmon', 'thistle', 'tulip', 'walnut', 'zebra',
] as const;

export interface SecurityTokenDeps {
  local(): StorageAreaLike;
  /** Cryptographic randomness (crypto.getRandomValues); injectable for tests. */
  randomValues(out: Uint32Array): Uint32Array;
}

/** A fresh random token; words are distinct so the phrase reads as three things. */
export function generateSecurityToken(randomValues: SecurityTokenDeps['randomValues']): SecurityToken {
  const words: string[] = [];
  while (words.length < 3) {
    const [r = 0] = randomValues(new Uint32Array(1));
    const word = SECURITY_TOKEN_WORDS[r % SECURITY_TOKEN_WORDS.length] ?? SECURITY_TOKEN_WORDS[0];
    if (!words.includes(word)) words.push(word);
  }
  const [c = 0] = randomValues(new Uint32Array(1));
  const colour = SECURITY_TOKEN_COLOURS[c % SECURITY_TOKEN_COLOURS.length] ?? SECURITY_TOKEN_COLOURS[0];
  return { words: [words[0] ?? '', words[1] ?? '', words[2] ?? ''], colour };
}

/** A stored value if it is a well-formed token, else null (corrupt or tampered: regenerate). */
export function parseStoredToken(v: unknown): SecurityToken | null {
  if (typeof v !== 'object' || v === null) return null;
  const { words, colour } = v as { words?: unknown; colour?: unknown };
  const known: readonly string[] = SECURITY_TOKEN_WORDS;
  if (!Array.isArray(words) || words.length !== 3 || !words.every((w) => typeof w === 'string' && known.includes(w))) return null;
  if (typeof colour !== 'string' || !(SECURITY_TOKEN_COLOURS as readonly string[]).includes(colour)) return null;
  return { words: [words[0] as string, words[1] as string, words[2] as string], colour: colour as SecurityTokenColour };
}

/**
 * Reads the token, creating it on first use. Concurrent first asks (several frames opening at
 * once after install) share one generation so every frame shows the same token.
 */
export function createSecurityTokenStore(deps: SecurityTokenDeps) {
  let pending: Promise<SecurityToken> | null = null;
  async function readOrCreate(): Promise<SecurityToken> {
    const stored = parseStoredToken((await deps.local().get(SECURITY_TOKEN_KEY))[SECURITY_TOKEN_KEY]);
    if (stored) return stored;
    const token = generateSecurityToken(deps.randomValues);
    await deps.local().set({ [SECURITY_TOKEN_KEY]: token });
    return token;
  }
  return {
    get(): Promise<SecurityToken> {
      pending ??= readOrCreate().finally(() => {
        pending = null;
      });
      return pending;
    },
    async regenerate(): Promise<SecurityToken> {
      if (pending) await pending.catch(() => undefined);
      const token = generateSecurityToken(deps.randomValues);
      await deps.local().set({ [SECURITY_TOKEN_KEY]: token });
      return token;
    },
  };
}

const stores = new WeakMap<SecurityTokenDeps, ReturnType<typeof createSecurityTokenStore>>();

/**
 * One store per deps object, so the install-time creation and the page handlers share the
 * single in-flight generation (no two tokens racing for storage right after install).
 */
export function securityTokenStoreFor(deps: SecurityTokenDeps): ReturnType<typeof createSecurityTokenStore> {
  let store = stores.get(deps);
  if (!store) {
    store = createSecurityTokenStore(deps);
    stores.set(deps, store);
  }
  return store;
}

/**
 * Creates the token when the extension is installed (runtime.onInstalled), so the very
 * first frame or passphrase dialog already shows it and the user can learn it in Settings
 * before any mail is opened. Keeps an existing token (updates fire onInstalled too);
 * `get()` still creates it lazily if this never ran.
 */
export function ensureSecurityToken(deps: SecurityTokenDeps): Promise<SecurityToken> {
  return securityTokenStoreFor(deps).get();
}

export function securityTokenHandlers(deps: SecurityTokenDeps): PageGroup<'getSecurityToken' | 'regenerateSecurityToken'> {
  const store = securityTokenStoreFor(deps);
  return {
    getSecurityToken: () => store.get(),
    regenerateSecurityToken: () => store.regenerate(),
  };
}
