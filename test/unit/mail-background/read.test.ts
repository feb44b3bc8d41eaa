import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/core/keys/armor';
import { buildMixed, buildSigned, canonicalCrlf } from '../../../src/core/mime';
import { DECRYPTS_PER_MINUTE } from '../../../src/background/mail/rate-limit';
import type { MailContentProtocol } from '../../../src/shared/mail-protocol';
import { PASS, mailHarness, unlockAlice, withKeys, type MailHarness } from './harness';

type Kind = MailContentProtocol['openReadSession']['req']['kind'];

async function readAs(h: MailHarness, kind: Kind, armored: string, sender: string | null, passphrase: string | null = null) {
  const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind, armored, sender });
  return h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase });
}

const enc = new TextEncoder();

describe('decryptReadSession', () => {
  it('inline message: decrypts, verifies, names the signer, flags a signer who is not the sender (SG-04)', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'Hi Alice, lunch at noon?' }),
      encryptionKeys: k.alicePublic,
      signingKeys: k.bobPrivate,
    });
    const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: 'Bob <bob@example.org>' });
    expect((await h.frame('read.html', sessionId, 'getReadSession', { sessionId })).locked).toBe(true);
    expect(await h.errorOf(h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null }))).toMatchObject({
      code: 'PASSPHRASE_REQUIRED',
      detail: k.alice.fingerprint,
    });
    expect(await h.errorOf(h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: 'wrong-wrong-wrong-1' }))).toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    const r = await h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: PASS });
    expect(r).toMatchObject({ text: 'Hi Alice, lunch at noon?', html: null, attachments: [], nestedEncrypted: 0, signedScope: 'all' });
    expect(r.signatures).toEqual([
      expect.objectContaining({ status: 'good', fingerprint: k.bobFingerprint, signerEmails: ['bob@example.org'], senderMismatch: false }),
    ]);
    // Now cached: no passphrase needed, and nothing decrypted was stored anywhere.
    expect((await h.frame('read.html', sessionId, 'getReadSession', { sessionId })).locked).toBe(false);
    expect(JSON.stringify([...h.browser.storage.session.data.values()])).not.toContain('lunch');
    const mallory = await readAs(h, 'message', armored, 'Mallory <bob@example.org.evil>');
    expect(mallory.signatures[0]).toMatchObject({ status: 'good', senderMismatch: true });
  });

  it('a message for other keys: NO_MATCHING_KEY saying which key IDs (and addresses we know)', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'for bob' }), encryptionKeys: k.bobPublic });
    const bobSubkeyId = k.bobPublic.subkeys[0]!.getKeyID().toHex().toUpperCase();
    const err = await h.errorOf(readAs(h, 'message', armored, null));
    expect(err.code).toBe('NO_MATCHING_KEY');
    expect(err.detail).toContain(`${bobSubkeyId} (bob@example.org)`);
  });

  it('tampered ciphertext → DECRYPT_FAILED, corrupt armor → MALFORMED_ARMOR, no plaintext either way', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const bytes = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x'.repeat(5000) }), encryptionKeys: k.alicePublic, format: 'binary' });
    const flipped = new Uint8Array(bytes);
    flipped[flipped.length - 40]! ^= 0x01;
    const tampered = openpgp.armor(openpgp.enums.armor.message, flipped);
    expect(await h.codeOf(readAs(h, 'message', tampered, null))).toBe('DECRYPT_FAILED');
    const good = openpgp.armor(openpgp.enums.armor.message, bytes);
    const lines = good.split('\n');
    lines[4] = '!!!! not base64 !!!!';
    expect(await h.codeOf(readAs(h, 'message', lines.join('\n'), null))).toBe('MALFORMED_ARMOR');
    expect(await h.codeOf(readAs(h, 'message', '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nhi\n', null))).toBe('MALFORMED_ARMOR');
  });

  it('cleartext-signed: the signed text and its status; altered text is a bad signature', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const signed = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'I owe Alice 10 EUR.' }), signingKeys: k.bobPrivate });
    const r = await readAs(h, 'cleartext-signed', signed, 'bob@example.org');
    expect(r).toMatchObject({ text: 'I owe Alice 10 EUR.', signedScope: 'all' });
    expect(r.signatures[0]).toMatchObject({ status: 'good', fingerprint: k.bobFingerprint, senderMismatch: false });
    const altered = await readAs(h, 'cleartext-signed', signed.replace('10 EUR', '1000 EUR'), 'bob@example.org');
    expect(altered.signatures[0]!.status).toBe('bad');
  });

  it('PGP/MIME encrypted (built with src/core/mime): text, attachment, signature over all, nested ciphertext counted (MP-04)', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const nested = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'old secret' }), encryptionKeys: k.alicePublic });
    const file = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const inner = buildMixed(`See attached.\n\nQuoted:\n${nested}`, [{ filename: 'data.bin', data: file }]);
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: enc.encode(inner) }), encryptionKeys: k.alicePublic, signingKeys: k.bobPrivate });
    const r = await readAs(h, 'pgp-mime-encrypted', armored, 'bob@example.org');
    expect(r.text).toContain('See attached.');
    expect(r.text).not.toContain('old secret');
    expect(r.nestedEncrypted).toBe(1);
    expect(r.attachments.map((a) => a.name)).toEqual(['data.bin']);
    expect(fromBase64(r.attachments[0]!.base64)).toEqual(file);
    expect(r.signedScope).toBe('all');
    expect(r.signatures.map((s) => s.status)).toEqual(['good']);
  });

  it('PGP/MIME encrypted with an inner multipart/signed (Enigmail style) is verified over the exact signed part', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const entity = buildMixed('Signed inside.');
    const sig = await openpgp.sign({ message: await openpgp.createMessage({ binary: canonicalCrlf(enc.encode(entity)) }), signingKeys: k.bobPrivate, detached: true });
    const inner = buildSigned(entity, sig, 'pgp-sha256');
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: enc.encode(inner) }), encryptionKeys: k.alicePublic });
    const r = await readAs(h, 'pgp-mime-encrypted', armored, 'bob@example.org');
    expect(r.text).toBe('Signed inside.');
    expect(r.signatures).toEqual([expect.objectContaining({ status: 'good', fingerprint: k.bobFingerprint })]);
    expect(r.signedScope).toBe('all');
  });

  it('pgp-mime-signed: verifies the first body part exactly; a changed body is bad', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const entity = buildMixed('Meeting moved to 3 pm.');
    const sig = await openpgp.sign({ message: await openpgp.createMessage({ binary: canonicalCrlf(enc.encode(entity)) }), signingKeys: k.bobPrivate, detached: true });
    const raw = `From: Bob <bob@example.org>\r\nSubject: x\r\nMIME-Version: 1.0\r\n${buildSigned(entity, sig, 'pgp-sha512')}`;
    const r = await readAs(h, 'pgp-mime-signed', raw, 'Bob <bob@example.org>');
    expect(r).toMatchObject({ text: 'Meeting moved to 3 pm.', signedScope: 'all' });
    expect(r.signatures[0]).toMatchObject({ status: 'good', senderMismatch: false });
    const changed = await readAs(h, 'pgp-mime-signed', raw.replace('3 pm', '4 pm'), 'Bob <bob@example.org>');
    expect(changed.signatures[0]!.status).toBe('bad');
    expect(await h.codeOf(readAs(h, 'pgp-mime-signed', 'Content-Type: text/plain\r\n\r\nhello', null))).toBe('MALFORMED_ARMOR');
  });

  it(`rate limit: ${DECRYPTS_PER_MINUTE} per minute per session (PI-04)`, async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const signed = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'ping' }), signingKeys: k.bobPrivate });
    const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind: 'cleartext-signed', armored: signed, sender: null });
    for (let i = 0; i < DECRYPTS_PER_MINUTE; i++) await h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null });
    expect(await h.errorOf(h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a 20 MB message decrypts; one over 25 MiB opens a session that answers TOO_LARGE', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    await unlockAlice(h, k.alice.fingerprint);
    const body = 'All work and no play. '.repeat(Math.ceil((15 * 1024 * 1024) / 22));
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: body }),
      encryptionKeys: k.alicePublic,
      config: { preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed },
    });
    expect(armored.length).toBeGreaterThan(20_000_000);
    const r = await readAs(h, 'message', armored, null);
    expect(r.text?.length).toBe(body.length);
    const huge = `-----BEGIN PGP MESSAGE-----\n\n${'A'.repeat(26 * 1024 * 1024)}\n-----END PGP MESSAGE-----\n`;
    expect(await h.codeOf(readAs(h, 'message', huge, null))).toBe('TOO_LARGE');
  });
});
