/**
 * Password-protected mail through the whole background (issue 6 §3): the compose frame's
 * submitPasswordCompose, the read frame's getReadPacketInfo / decryptReadSessionWithPassword,
 * and that none of them answers a content script (the password is a secret, PI-05).
 */
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { decryptMessage } from '../../../src/core/messages/decrypt';
import { decryptWithPassword, encryptWithPassword, generatePassword, inspectEncrypted } from '../../../src/core/messages/symmetric';
import { fromBase64 } from '../../../src/core/keys/armor';
import { unlockPrivateKey } from '../../../src/core/keys/protect';
import { PASS, mailHarness, withKeys, type MailHarness } from './harness';

const NOTICE = 'This message is encrypted with a password.\nRun: gpg --decrypt message.asc';

async function composeSession(h: MailHarness, to: string[]) {
  const { sessionId } = await h.content('openComposeSession', {
    adapter: 'generic',
    recipients: { to, cc: [], bcc: [] },
    sender: 'alice@example.org',
    quotedArmored: null,
  });
  return sessionId;
}

function armorOf(pushed: string): string {
  return pushed.slice(pushed.indexOf('-----BEGIN PGP MESSAGE-----'));
}

describe('submitPasswordCompose', () => {
  it('keyless + keyed recipients: one message opens by password, by the recipient key and by my key; notice above the armor', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const sessionId = await composeSession(h, ['bob@example.org', 'carol@nokey.example']);
    const password = generatePassword();
    const file = { name: 'notes.txt', mimeType: 'text/plain', base64: btoa('attached words') };
    const req = { sessionId, text: 'Secret plans', recipients: { to: ['bob@example.org', 'carol@nokey.example'], cc: [], bcc: [] }, mode: 'encrypt' as const, attachments: [file], password, notice: NOTICE, passphrase: null };
    await h.frame('compose.html', sessionId, 'submitPasswordCompose', req);
    expect(h.pushes).toHaveLength(1);
    const payload = h.pushes[0]!.message.payload as { armored: string; attachments: Array<{ name: string; base64: string }> };
    expect(h.pushes[0]).toMatchObject({ tabId: 1, frameId: 0, message: { type: 'composeResult' } });
    expect(payload.armored.startsWith(`${NOTICE}\n\n-----BEGIN PGP MESSAGE-----`)).toBe(true);
    expect(payload.armored).not.toContain('Secret plans');
    expect(payload.armored).not.toContain(password);
    const armored = armorOf(payload.armored);
    const info = await inspectEncrypted(armored);
    expect(info.passwordPackets).toBe(1);
    expect(info.keyIds).toHaveLength(2); // bob + alice (own key always included)
    expect((await decryptWithPassword({ armored, password, verificationKeys: [] })).data).toBe('Secret plans');
    expect((await decryptMessage({ armored, decryptionKeys: [k.bobPrivate], verificationKeys: [] })).data).toBe('Secret plans');
    const alicePriv = await unlockPrivateKey((await h.page('exportKey', { fingerprint: k.alice.fingerprint, kind: 'private', passphrase: null })).armored, PASS);
    expect((await decryptMessage({ armored, decryptionKeys: [alicePriv], verificationKeys: [] })).data).toBe('Secret plans');
    // The attachment is encrypted with the same password.
    expect(payload.attachments.map((a) => a.name)).toEqual(['notes.txt.pgp']);
    const att = await decryptWithPassword({ binary: fromBase64(payload.attachments[0]!.base64), password, verificationKeys: [], format: 'binary' });
    expect(new TextDecoder().decode(att.data as Uint8Array)).toBe('attached words');
  }, 120_000);

  it('encrypt-sign asks the passphrase, then signs with my key', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const sessionId = await composeSession(h, ['carol@nokey.example']);
    const password = generatePassword();
    const req = { sessionId, text: 'signed and protected', recipients: { to: ['carol@nokey.example'], cc: [], bcc: [] }, mode: 'encrypt-sign' as const, attachments: [], password, notice: '', passphrase: null };
    expect(await h.errorOf(h.frame('compose.html', sessionId, 'submitPasswordCompose', req))).toMatchObject({ code: 'PASSPHRASE_REQUIRED', detail: k.alice.fingerprint });
    await h.frame('compose.html', sessionId, 'submitPasswordCompose', { ...req, passphrase: PASS });
    const armored = (h.pushes[0]!.message.payload as { armored: string }).armored;
    expect(armored.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
    const r = await decryptWithPassword({ armored, password, verificationKeys: [k.alicePublic] });
    expect(r.signatures.map((s) => s.status)).toEqual(['good']);
  }, 120_000);

  it('refuses a weak password, "sign" mode, and any content-script sender; pushes nothing', async () => {
    const h = mailHarness();
    await withKeys(h);
    const sessionId = await composeSession(h, ['carol@nokey.example']);
    const base = { sessionId, text: 'x', recipients: { to: ['carol@nokey.example'], cc: [], bcc: [] }, mode: 'encrypt' as const, attachments: [], notice: '', passphrase: null };
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitPasswordCompose', { ...base, password: 'password1' }))).toBe('PASSPHRASE_TOO_WEAK');
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitPasswordCompose', { ...base, mode: 'sign' as 'encrypt', password: generatePassword() }))).toBe('BAD_REQUEST');
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitPasswordCompose', { ...base, notice: 'see -----BEGIN PGP MESSAGE-----', password: generatePassword() }))).toBe('BAD_REQUEST');
    const send = (type: string, payload: unknown) => h.bg.router.handle({ cachet: 1, type, payload }, h.senders.content());
    const refused = (await send('submitPasswordCompose', { ...base, password: generatePassword() })) as { ok: boolean; error?: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Another tab's frame cannot use this session either.
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitPasswordCompose', { ...base, password: generatePassword() }, 2))).toBe('FORBIDDEN');
    expect(h.pushes).toEqual([]);
  }, 120_000);
});

describe('read: password-protected messages', () => {
  async function readSession(h: MailHarness, armored: string) {
    const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: 'Carol <carol@example.net>' });
    return sessionId;
  }

  it('SKESK-only: recognised by its packets; wrong password WRONG_PASSWORD; right one shows the text', async () => {
    const h = mailHarness();
    await withKeys(h);
    const armored = (await encryptWithPassword({ text: 'open sesame worked', password: 'kx7m-2bq9-zz4t' })) as string;
    const sessionId = await readSession(h, armored);
    expect(await h.frame('read.html', sessionId, 'getReadPacketInfo', { sessionId })).toEqual({ password: true, forMyKeys: false });
    expect(await h.codeOf(h.frame('read.html', sessionId, 'decryptReadSessionWithPassword', { sessionId, password: 'kx7m-2bq9-zz4s' }))).toBe('WRONG_PASSWORD');
    const r = await h.frame('read.html', sessionId, 'decryptReadSessionWithPassword', { sessionId, password: 'kx7m-2bq9-zz4t' });
    expect(r).toMatchObject({ text: 'open sesame worked', signatures: [], signedScope: 'none' });
    expect(JSON.stringify([...h.browser.storage.session.data.values()])).not.toContain('open sesame');
  }, 120_000);

  it('PKESK + SKESK for my key: both ways are offered; a message for keys only asks no password', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const both = (await encryptWithPassword({ text: 'either way', password: 'pw-either-way-77', encryptionKeys: [k.alicePublic] })) as string;
    const s1 = await readSession(h, both);
    expect(await h.frame('read.html', s1, 'getReadPacketInfo', { sessionId: s1 })).toEqual({ password: true, forMyKeys: true });
    expect((await h.frame('read.html', s1, 'decryptReadSessionWithPassword', { sessionId: s1, password: 'pw-either-way-77' })).text).toBe('either way');
    const keyOnly = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'k' }), encryptionKeys: k.alicePublic });
    const s2 = await readSession(h, keyOnly);
    expect(await h.frame('read.html', s2, 'getReadPacketInfo', { sessionId: s2 })).toEqual({ password: false, forMyKeys: true });
    expect(await h.codeOf(h.frame('read.html', s2, 'decryptReadSessionWithPassword', { sessionId: s2, password: 'anything' }))).toBe('DECRYPT_FAILED');
  }, 120_000);

  it('a content script cannot ask for packet info or send a password', async () => {
    const h = mailHarness();
    const armored = (await encryptWithPassword({ text: 'x', password: 'content cannot' })) as string;
    const sessionId = await readSession(h, armored);
    for (const [type, payload] of [
      ['getReadPacketInfo', { sessionId }],
      ['decryptReadSessionWithPassword', { sessionId, password: 'content cannot' }],
    ] as const) {
      expect(await h.bg.router.handle({ cachet: 1, type, payload }, h.senders.content())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  }, 60_000);
});
