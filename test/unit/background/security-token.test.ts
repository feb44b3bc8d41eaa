import { describe, expect, it } from 'vitest';
import { pageSchemas, contentSchemas } from '../../../src/shared/schemas';
import type { StorageAreaLike } from '../../../src/background/browser-deps';
import {
  SECURITY_TOKEN_KEY,
  SECURITY_TOKEN_WORDS,
  createSecurityTokenStore,
  ensureSecurityToken,
  securityTokenHandlers,
  generateSecurityToken,
  parseStoredToken,
} from '../../../src/background/security-token';
import { SECURITY_TOKEN_COLOURS } from '../../../src/shared/security-token-protocol';

function memoryArea(): StorageAreaLike & { data: Record<string, unknown>; sets: number } {
  const area = {
    data: {} as Record<string, unknown>,
    sets: 0,
    async get(key?: null | string | string[]) {
      if (typeof key === 'string') return key in area.data ? { [key]: structuredClone(area.data[key]) } : {};
      return structuredClone(area.data);
    },
    async set(items: Record<string, unknown>) {
      area.sets += 1;
      Object.assign(area.data, structuredClone(items));
    },
    async remove(keys: string | string[]) {
      for (const k of [keys].flat()) delete area.data[k];
    },
  };
  return area;
}

const cryptoRandom = (out: Uint32Array) => crypto.getRandomValues(out);

describe('SG-06 security token (background)', () => {
  it('generates three distinct listed words and a listed colour', () => {
    for (let i = 0; i < 200; i++) {
      const tok = generateSecurityToken(cryptoRandom);
      expect(new Set(tok.words).size).toBe(3);
      for (const w of tok.words) expect(SECURITY_TOKEN_WORDS).toContain(w);
      expect(SECURITY_TOKEN_COLOURS).toContain(tok.colour);
    }
  });

  it('word list has 64 unique words (no modulo bias) and tokens vary', () => {
    expect(new Set(SECURITY_TOKEN_WORDS).size).toBe(64);
    const seen = new Set(Array.from({ length: 50 }, () => JSON.stringify(generateSecurityToken(cryptoRandom))));
    expect(seen.size).toBeGreaterThan(45);
  });

  it('skips repeated words drawn by the generator', () => {
    const draws = [5, 5, 5, 9, 9, 12, 3];
    const tok = generateSecurityToken((out) => {
      out[0] = draws.shift() ?? 0;
      return out;
    });
    expect(tok.words).toEqual([SECURITY_TOKEN_WORDS[5], SECURITY_TOKEN_WORDS[9], SECURITY_TOKEN_WORDS[12]]);
    expect(tok.colour).toBe(SECURITY_TOKEN_COLOURS[3]);
  });

  it('creates the token once, stores it in storage.local, and returns the same one afterwards', async () => {
    const local = memoryArea();
    const store = createSecurityTokenStore({ local: () => local, randomValues: cryptoRandom });
    const [a, b, c] = await Promise.all([store.get(), store.get(), store.get()]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(local.sets).toBe(1);
    expect(local.data[SECURITY_TOKEN_KEY]).toEqual(a);
    // A new background instance (service worker restarted) reads the stored token.
    const again = createSecurityTokenStore({ local: () => local, randomValues: cryptoRandom });
    expect(await again.get()).toEqual(a);
    expect(local.sets).toBe(1);
  });

  it('SG-06: onInstalled creates the token before any frame asks; frames then show that one', async () => {
    const local = memoryArea();
    const deps = { local: () => local, randomValues: cryptoRandom };
    const handlers = securityTokenHandlers(deps);
    // Install and a frame opening at once share one generation: one write, one token.
    const [installed, shown] = await Promise.all([ensureSecurityToken(deps), handlers.getSecurityToken({}, {} as never)]);
    expect(shown).toEqual(installed);
    expect(local.sets).toBe(1);
    expect(parseStoredToken(local.data[SECURITY_TOKEN_KEY])).toEqual(installed);
    // An update fires onInstalled again: the token the user learnt is kept.
    expect(await ensureSecurityToken({ local: () => local, randomValues: cryptoRandom })).toEqual(installed);
    expect(local.sets).toBe(1);
  });

  it('regenerate replaces the stored token', async () => {
    const local = memoryArea();
    const store = createSecurityTokenStore({ local: () => local, randomValues: cryptoRandom });
    const first = await store.get();
    let next = await store.regenerate();
    // Guard against the 1-in-2^21 chance of drawing the same token.
    while (JSON.stringify(next) === JSON.stringify(first)) next = await store.regenerate();
    expect(await store.get()).toEqual(next);
    expect(local.data[SECURITY_TOKEN_KEY]).toEqual(next);
  });

  it('a corrupt or tampered stored value is replaced, never shown', async () => {
    for (const bad of [null, 'acorn anchor apple', { words: ['acorn', 'anchor'], colour: '#b3261e' }, { words: ['acorn', 'anchor', '<img src=x>'], colour: '#b3261e' }, { words: ['acorn', 'anchor', 'apple'], colour: 'red;background:url(x)' }]) {
      expect(parseStoredToken(bad)).toBeNull();
      const local = memoryArea();
      local.data[SECURITY_TOKEN_KEY] = bad;
      const tok = await createSecurityTokenStore({ local: () => local, randomValues: cryptoRandom }).get();
      expect(parseStoredToken(tok)).toEqual(tok);
      expect(local.data[SECURITY_TOKEN_KEY]).toEqual(tok);
    }
  });

  it('is page-protocol only: content scripts have no schema for it, and payloads must be empty', () => {
    expect(Object.keys(contentSchemas)).not.toContain('getSecurityToken');
    expect(Object.keys(contentSchemas)).not.toContain('regenerateSecurityToken');
    expect(pageSchemas.getSecurityToken.parse({})).toEqual({});
    expect(() => pageSchemas.getSecurityToken.parse({ words: 'x' })).toThrow(/unknown property/);
    expect(() => pageSchemas.regenerateSecurityToken.parse(null)).toThrow();
  });
});
