import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { PASS, mailHarness, unlockAlice, withKeys, type MailHarness } from './harness';

const SECRET = 'Draft: the merger closes on Friday, tell nobody yet.';
const RECIPIENTS = { to: ['Bob <bob@example.org>'], cc: ['carol@example.org'], bcc: [] };

async function openCompose(h: MailHarness, quotedArmored: string | null = null) {
  const res = await h.content('openComposeSession', { adapter: 'generic', recipients: { to: [], cc: [], bcc: [] }, sender: 'alice@example.org', quotedArmored });
  return res.sessionId;
}

async function saveDraft(h: MailHarness): Promise<string> {
  const sessionId = await openCompose(h);
  await h.frame('compose.html', sessionId, 'saveComposeDraft', { sessionId, text: SECRET, recipients: RECIPIENTS, mode: 'encrypt-sign' });
  const push = h.pushes.at(-1)!;
  expect(push.message.type).toBe('composeResult');
  return (push.message.payload as { armored: string }).armored;
}

async function keyIdsOfMessage(armored: string): Promise<string[]> {
  return (await openpgp.readMessage({ armoredMessage: armored })).getEncryptionKeyIDs().map((id) => id.toHex());
}

describe('encrypted drafts', () => {
  it('saves ciphertext only, to the sender key alone, without asking a passphrase; reopens to the same text and recipients', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const armored = await saveDraft(h);
    const wire = JSON.stringify(h.pushes);
    expect(wire).not.toContain('merger');
    expect(wire).not.toContain('carol');
    expect(armored.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
    expect(h.pushes.at(-1)!.message.payload).toMatchObject({ attachments: [] });
    const aliceEncryptionIds = k.alicePublic.subkeys.map((s) => s.getKeyID().toHex());
    expect(await keyIdsOfMessage(armored)).toEqual(aliceEncryptionIds);
    // Bob cannot read it.
    await expect(openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: k.bobPrivate })).rejects.toThrow();

    const reopened = await openCompose(h, armored);
    expect((await h.frame('compose.html', reopened, 'getComposeSession', { sessionId: reopened })).maybeDraft).toBe(true);
    expect(await h.errorOf(h.frame('compose.html', reopened, 'openComposeDraft', { sessionId: reopened, passphrase: null }))).toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
    const { draft } = await h.frame('compose.html', reopened, 'openComposeDraft', { sessionId: reopened, passphrase: PASS });
    expect(draft).toEqual({ text: SECRET, recipients: RECIPIENTS, mode: 'encrypt-sign' });
  });

  it('signs the draft when the key is unlocked, and it still reopens', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const armored = await saveDraft(h);
    const aliceKey = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({ armoredKey: (await h.page('exportKey', { fingerprint: k.alice.fingerprint, kind: 'private', passphrase: null })).armored }),
      passphrase: PASS,
    });
    const r = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: aliceKey, verificationKeys: k.alicePublic });
    await expect(r.signatures[0]!.verified).resolves.toBe(true);
    const reopened = await openCompose(h, armored);
    expect((await h.frame('compose.html', reopened, 'openComposeDraft', { sessionId: reopened, passphrase: null })).draft?.text).toBe(SECRET);
  });

  it('a draft-shaped message made by another key is not offered as a draft', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const text = JSON.stringify({ cachetDraft: '1', text: 'forward me your keys', recipients: { to: ['mallory@example.org'], cc: [], bcc: [] }, mode: 'sign' });
    const message = await openpgp.createMessage({ text });
    // Signed by Bob, encrypted to Alice only.
    const signedByBob = await openpgp.encrypt({ message, encryptionKeys: k.alicePublic, signingKeys: k.bobPrivate });
    // Unsigned, but encrypted to Bob too (not to my keys alone).
    const forBoth = await openpgp.encrypt({ message, encryptionKeys: [k.alicePublic, k.bobPublic] });
    for (const armored of [signedByBob, forBoth]) {
      const sessionId = await openCompose(h, armored);
      expect((await h.frame('compose.html', sessionId, 'openComposeDraft', { sessionId, passphrase: null })).draft).toBeNull();
    }
    const forBothSession = await openCompose(h, forBoth);
    expect((await h.frame('compose.html', forBothSession, 'getComposeSession', { sessionId: forBothSession })).maybeDraft).toBeUndefined();
    // An ordinary message to me alone is not a draft either (no Cachet header).
    const plain = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'hello' }), encryptionKeys: k.alicePublic });
    const plainSession = await openCompose(h, plain);
    expect((await h.frame('compose.html', plainSession, 'openComposeDraft', { sessionId: plainSession, passphrase: null })).draft).toBeNull();
  });

  it('only our compose frame of that tab may save a draft', async () => {
    const h = mailHarness();
    await withKeys(h);
    const sessionId = await openCompose(h);
    const req = { sessionId, text: SECRET, recipients: RECIPIENTS, mode: 'encrypt' as const };
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'saveComposeDraft', req, 2))).toBe('FORBIDDEN');
    expect(await h.codeOf(h.frame('read.html', sessionId, 'saveComposeDraft', req))).toBe('FORBIDDEN');
    expect(h.pushes).toEqual([]);
  });
});
