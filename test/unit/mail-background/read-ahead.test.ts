// Read latency (issue 3 §7): with auto-decrypt on and the key cached, opening the session (and getReadSession) starts the
// decryption the frame is about to ask for (read-ahead.ts). It must change nothing but timing:
// single use, only with the setting on, never after "Lock all", and expired when unclaimed.
import { randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normaliseArmor } from '../../../src/core/armor';
import { AHEAD_TTL_MS, aheadKeys, startAhead, takeAhead } from '../../../src/background/mail/read-ahead';
import { AHEAD_ON_OPEN_MAX_CHARS } from '../../../src/background/mail/read-decrypt';
import { mailHarness, unlockAlice, withKeys, type MailHarness } from './harness';

afterEach(() => vi.useRealTimers());

async function session(h: MailHarness, encryptionKeys: openpgp.PublicKey): Promise<{ sessionId: string; armored: string }> {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'ahead of time' }), encryptionKeys });
  const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: 'bob@example.org' });
  return { sessionId, armored: normaliseArmor(armored).armored };
}

describe('read-ahead store', () => {
  it('runs once per ciphertext, hands the result out once, and forgets it after the TTL', async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => 'result');
    startAhead('A', run);
    startAhead('A', run);
    expect(run).toHaveBeenCalledTimes(1);
    await expect(takeAhead('A')).resolves.toBe('result');
    expect(takeAhead('A')).toBeNull();
    startAhead('B', run);
    vi.advanceTimersByTime(AHEAD_TTL_MS + 1);
    expect(takeAhead('B')).toBeNull();
  });

  it('a failure is kept for the taker, not thrown as an unhandled rejection', async () => {
    startAhead('C', () => Promise.reject(new Error('no')));
    await expect(takeAhead('C')).rejects.toThrow('no');
  });
});

describe('getReadSession starts the decryption ahead', () => {
  it('setting on + key unlocked: started, and decryptReadSession takes it (same plaintext)', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    await unlockAlice(h, k.alice.fingerprint);
    const s = await session(h, k.alicePublic);
    expect((await h.frame('read.html', s.sessionId, 'getReadSession', { sessionId: s.sessionId })).autoDecrypt).toBe(true);
    expect((await h.frame('read.html', s.sessionId, 'decryptReadSession', { sessionId: s.sessionId, passphrase: null })).text).toBe('ahead of time');
    expect(takeAhead(s.armored)).toBeNull(); // taken, not left behind
  });

  it('setting on: the decryption is pending right after getReadSession (nothing decrypted yet was sent)', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    await unlockAlice(h, k.alice.fingerprint);
    const s = await session(h, k.alicePublic);
    const info = await h.frame('read.html', s.sessionId, 'getReadSession', { sessionId: s.sessionId });
    expect(JSON.stringify(info)).not.toContain('ahead of time');
    const pending = takeAhead<{ data: Uint8Array }>(s.armored);
    expect(pending).not.toBeNull();
    expect(new TextDecoder().decode((await pending!).data)).toContain('ahead of time');
  });

  it('setting off: nothing starts before the click', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const s = await session(h, k.alicePublic);
    await h.frame('read.html', s.sessionId, 'getReadSession', { sessionId: s.sessionId });
    expect(takeAhead(s.armored)).toBeNull();
  });

  it('"Lock all" between the two requests: the result started ahead is not used, the passphrase is asked', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    await unlockAlice(h, k.alice.fingerprint);
    const s = await session(h, k.alicePublic);
    await h.frame('read.html', s.sessionId, 'getReadSession', { sessionId: s.sessionId });
    await h.page('lockAll', {});
    expect(await h.codeOf(h.frame('read.html', s.sessionId, 'decryptReadSession', { sessionId: s.sessionId, passphrase: null }))).toBe('PASSPHRASE_REQUIRED');
  });
});

/** The pending read-ahead for `armored`, waiting (bounded) for the fire-and-forget start on open. */
async function pendingAfterOpen<T>(armored: string): Promise<Promise<T> | null> {
  for (let i = 0; i < 100; i++) {
    const p = takeAhead<T>(armored);
    if (p) return p;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

describe('opening a read session starts the decryption while the frame loads', () => {
  it('setting on + key unlocked: pending before any frame asked, and the frame gets the same plaintext', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    await unlockAlice(h, k.alice.fingerprint);
    const s = await session(h, k.alicePublic); // the content script's openReadSession only
    const pending = await pendingAfterOpen<{ data: Uint8Array }>(s.armored);
    expect(pending).not.toBeNull();
    expect(new TextDecoder().decode((await pending!).data)).toContain('ahead of time');
    // Taken here, so the frame decrypts itself: same answer either way.
    expect((await h.frame('read.html', s.sessionId, 'decryptReadSession', { sessionId: s.sessionId, passphrase: null })).text).toBe('ahead of time');
  });

  it('setting off, key locked, or a message over the size cap: nothing starts on open', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const off = await session(h, k.alicePublic);
    expect(await pendingAfterOpen(off.armored)).toBeNull();

    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    const big = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: randomBytes(AHEAD_ON_OPEN_MAX_CHARS) }),
      encryptionKeys: k.alicePublic,
    });
    expect(big.length).toBeGreaterThan(AHEAD_ON_OPEN_MAX_CHARS);
    await h.content('openReadSession', { adapter: 'generic', kind: 'message', armored: big, sender: null });
    expect(await pendingAfterOpen(normaliseArmor(big).armored)).toBeNull();

    await h.page('lockAll', {});
    const locked = await session(h, k.alicePublic);
    expect(await pendingAfterOpen(locked.armored)).toBeNull();
  });

  it('"Lock all" after the open: the frame is told the key is locked (a Decrypt button, no automatic attempt)', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    await unlockAlice(h, k.alice.fingerprint);
    const s = await session(h, k.alicePublic);
    for (let i = 0; i < 100 && !aheadKeys(s.armored); i++) await new Promise((r) => setTimeout(r, 10));
    expect(aheadKeys(s.armored)).toEqual([k.alice.fingerprint]);
    expect((await h.frame('read.html', s.sessionId, 'getReadSession', { sessionId: s.sessionId })).autoDecrypt).toBe(true);
    await h.page('lockAll', {});
    expect(await h.frame('read.html', s.sessionId, 'getReadSession', { sessionId: s.sessionId })).toEqual({ kind: 'message', sender: 'bob@example.org', locked: true });
  });
});
