import * as openpgp from 'openpgp';
import { approveSignOnly, textHash } from '../../../src/background/confirm/sign-approval';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../src/core/keys/armor';
import { PASS, mailHarness, unlockAlice, withKeys, type MailHarness } from './harness';

const SECRET = 'The launch code is 7-4-1-purple-otter, do not forward.';

async function openCompose(h: MailHarness, to: string[], quotedArmored: string | null = null) {
  return (
    await h.content('openComposeSession', {
      adapter: 'generic',
      recipients: { to, cc: [], bcc: [] },
      sender: 'alice@example.org',
      quotedArmored,
    })
  ).sessionId;
}

async function decryptWith(armoredOrBytes: string | Uint8Array, key: openpgp.PrivateKey, verifyWith: openpgp.PublicKey[] = []) {
  const message =
    typeof armoredOrBytes === 'string'
      ? await openpgp.readMessage({ armoredMessage: armoredOrBytes })
      : await openpgp.readMessage({ binaryMessage: armoredOrBytes });
  return openpgp.decrypt({ message, decryptionKeys: key, verificationKeys: verifyWith, format: 'binary' });
}

describe('submitCompose', () => {
  it('encrypts and signs to the recipients AND the sender, pushes ciphertext only', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const sessionId = await openCompose(h, ['Bob <bob@example.org>']);
    const file = new TextEncoder().encode(`attachment body: ${SECRET}`);
    const req = {
      sessionId,
      text: SECRET,
      recipients: { to: ['Bob <bob@example.org>'], cc: [], bcc: [] },
      mode: 'encrypt-sign' as const,
      attachments: [{ name: 'plan.txt', mimeType: 'text/plain', base64: toBase64(file) }],
      passphrase: null,
    };
    // Nothing unlocked yet: the frame must ask (the detail names the key).
    expect(await h.errorOf(h.frame('compose.html', sessionId, 'submitCompose', req))).toMatchObject({ code: 'PASSPHRASE_REQUIRED', detail: k.alice.fingerprint });
    expect(h.pushes).toEqual([]);
    const res = await h.frame('compose.html', sessionId, 'submitCompose', { ...req, passphrase: PASS });
    expect(h.pushes).toHaveLength(1);
    const push = h.pushes[0]!;
    expect(push).toMatchObject({ tabId: 1, frameId: 0, message: { cachetPush: 1, type: 'composeResult' } });
    const wire = JSON.stringify(push);
    expect(wire).not.toContain('launch code');
    expect(wire).not.toContain(toBase64(file));
    const payload = push.message.payload as { armored: string; attachments: Array<{ name: string; mimeType: string; base64: string }> };
    expect(payload.armored.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
    expect(res.armoredLength).toBe(payload.armored.length);

    // Bob reads it and sees Alice's signature; Alice (Sent folder) can read it too.
    const forBob = await decryptWith(payload.armored, k.bobPrivate, [k.alicePublic]);
    expect(new TextDecoder().decode(forBob.data)).toBe(SECRET);
    await expect(forBob.signatures[0]!.verified).resolves.toBe(true);
    const aliceKey = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({ armoredKey: (await h.page('exportKey', { fingerprint: k.alice.fingerprint, kind: 'private', passphrase: null })).armored }),
      passphrase: PASS,
    });
    expect(new TextDecoder().decode((await decryptWith(payload.armored, aliceKey)).data)).toBe(SECRET);

    // The attachment: plan.txt.pgp, binary OpenPGP, decrypts to the same bytes.
    expect(payload.attachments.map((a) => [a.name, a.mimeType])).toEqual([['plan.txt.pgp', 'application/octet-stream']]);
    const att = fromBase64(payload.attachments[0]!.base64);
    expect(att[0]! & 0x80).toBe(0x80); // a binary packet, not armor
    expect(new Uint8Array((await decryptWith(att, k.bobPrivate)).data)).toEqual(file);
  });

  it('refuses when any recipient has no usable key, and pushes nothing', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const sessionId = await openCompose(h, ['bob@example.org', 'carol@example.org']);
    const err = await h.errorOf(
      h.frame('compose.html', sessionId, 'submitCompose', {
        sessionId,
        text: SECRET,
        recipients: { to: ['bob@example.org'], cc: ['carol@example.org'], bcc: ['not an address'] },
        mode: 'encrypt',
        attachments: [],
        passphrase: null,
      }),
    );
    expect(err.code).toBe('KEY_NOT_FOUND');
    expect(err.detail).toContain('carol@example.org (missing)');
    expect(err.detail).toContain('not an address (invalid)');
    expect(h.pushes).toEqual([]);
  });

  it('resolveRecipients says which key or which problem, per address', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const { statuses } = await h.page('resolveRecipients', { addresses: ['Bob <BOB@example.org>', 'carol@example.org', 'nope', 'bob@example.org'] });
    expect(statuses.map((s) => [s.address, s.key?.fingerprint ?? null, s.problem])).toEqual([
      ['bob@example.org', k.bobFingerprint, null],
      ['carol@example.org', null, 'missing'],
      ['nope', null, 'invalid'],
    ]);
    // Revoked: the key is there but unusable.
    await h.page('revokeKey', { fingerprint: k.alice.fingerprint, passphrase: PASS, reason: 'retired', message: '' });
    const again = await h.page('resolveRecipients', { addresses: ['alice@example.org'] });
    expect(again.statuses[0]).toMatchObject({ address: 'alice@example.org', key: null, problem: 'revoked' });
  });

  it('encrypt only: no signature and no passphrase needed', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const sessionId = await openCompose(h, ['bob@example.org']);
    await h.frame('compose.html', sessionId, 'submitCompose', {
      sessionId,
      text: SECRET,
      recipients: { to: ['bob@example.org'], cc: [], bcc: [] },
      mode: 'encrypt',
      attachments: [],
      passphrase: null,
    });
    const armored = (h.pushes[0]!.message.payload as { armored: string }).armored;
    const r = await decryptWith(armored, k.bobPrivate, [k.alicePublic]);
    expect(new TextDecoder().decode(r.data)).toBe(SECRET);
    expect(r.signatures).toEqual([]);
  });

  it('sign only: a cleartext signature that verifies, once the user approved releasing that text', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const sessionId = await openCompose(h, []);
    const req = { sessionId, text: 'Signed, not secret.\n- dash line', recipients: { to: [], cc: [], bcc: [] }, mode: 'sign' as const, attachments: [], passphrase: null };
    // PI-03: not without the approval of this text in the confirmation window (test/unit/confirm/).
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', req))).toBe('FORBIDDEN');
    await approveSignOnly(h.browser.storage.session, sessionId, await textHash('another text'));
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', req))).toBe('FORBIDDEN');
    expect(h.pushes).toEqual([]);
    await approveSignOnly(h.browser.storage.session, sessionId, await textHash(req.text));
    await h.frame('compose.html', sessionId, 'submitCompose', req);
    // Spent: a second sign-only message needs a new approval.
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', req))).toBe('FORBIDDEN');
    const armored = (h.pushes[0]!.message.payload as { armored: string }).armored;
    expect(armored.startsWith('-----BEGIN PGP SIGNED MESSAGE-----')).toBe(true);
    const message = await openpgp.readCleartextMessage({ cleartextMessage: armored });
    const v = await openpgp.verify({ message, verificationKeys: k.alicePublic });
    await expect(v.signatures[0]!.verified).resolves.toBe(true);
    expect(message.getText()).toBe('Signed, not secret.\n- dash line');
  });

  it('getComposeQuote decrypts the quoted ciphertext to text only; cancelCompose pushes composeClosed', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const quoted = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'Content-Type: text/html; charset=utf-8\r\n\r\n<p>Earlier <b>news</b> &amp; plans</p><script>x()</script>' }),
      encryptionKeys: k.alicePublic,
    });
    const sessionId = await openCompose(h, ['bob@example.org'], quoted);
    expect((await h.frame('compose.html', sessionId, 'getComposeSession', { sessionId })).hasQuote).toBe(true);
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'getComposeQuote', { sessionId, passphrase: null }))).toBe('PASSPHRASE_REQUIRED');
    const { text } = await h.frame('compose.html', sessionId, 'getComposeQuote', { sessionId, passphrase: PASS });
    expect(text).toBe('Earlier news & plans');
    await h.frame('compose.html', sessionId, 'cancelCompose', { sessionId });
    expect(h.pushes.map((p) => p.message.type)).toEqual(['composeClosed']);
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'getComposeSession', { sessionId }))).toBe('FORBIDDEN');
  });
});
