import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { mailHarness, unlockAlice, withKeys, type MailHarness } from './harness';

async function sessionFor(h: MailHarness, encryptionKeys: openpgp.PublicKey): Promise<string> {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'see you at nine' }), encryptionKeys });
  return (await h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: 'bob@example.org' })).sessionId;
}

const autoOf = async (h: MailHarness, sessionId: string) => (await h.frame('read.html', sessionId, 'getReadSession', { sessionId })).autoDecrypt === true;

describe('auto-decrypt setting', () => {
  it('is off by default, and settings saved without it stay valid and mean off', async () => {
    const h = mailHarness();
    expect((await h.page('getSettings', {})).autoDecrypt).toBeUndefined();
    expect(await h.page('setSettings', { passphraseCacheMinutes: 5 })).toEqual({ passphraseCacheMinutes: 5 });
    expect(await h.page('setSettings', { passphraseCacheMinutes: 5, autoDecrypt: true })).toEqual({ passphraseCacheMinutes: 5, autoDecrypt: true });
    expect((await h.page('getSettings', {})).autoDecrypt).toBe(true);
    expect(await h.codeOf(h.page('setSettings', { passphraseCacheMinutes: 5, autoDecrypt: 'yes' as unknown as boolean }))).toBe('BAD_REQUEST');
  });

  it('setting off: false even with the key unlocked', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const sessionId = await sessionFor(h, k.alicePublic);
    expect(await autoOf(h, sessionId)).toBe(false);
  });

  it('setting on + key unlocked: true, and the session then decrypts without a passphrase', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    await unlockAlice(h, k.alice.fingerprint);
    const sessionId = await sessionFor(h, k.alicePublic);
    expect(await autoOf(h, sessionId)).toBe(true);
    expect((await h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null })).text).toBe('see you at nine');
  });

  it('setting on + key locked, or a message for someone else: false', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await h.page('setSettings', { passphraseCacheMinutes: 10, autoDecrypt: true });
    const locked = await sessionFor(h, k.alicePublic);
    expect(await autoOf(h, locked)).toBe(false);
    await unlockAlice(h, k.alice.fingerprint);
    const forBob = await sessionFor(h, k.bobPublic);
    expect(await autoOf(h, forBob)).toBe(false);
    await h.page('lockAll', {});
    expect(await autoOf(h, locked)).toBe(false);
  });
});
