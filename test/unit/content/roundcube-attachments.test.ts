// @vitest-environment happy-dom
/**
 * Roundcube read view + encrypted attachments (.pgp / .gpg / .asc): which links count, how
 * the files are recognised as encrypted OpenPGP messages, and what is handed to the
 * background (ciphertext, keyed by the body's SHA-256) before the body's session opens.
 */
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRoundcubeAdapter, type RoundcubeOptions } from '../../../src/content/adapters/roundcube/adapter';
import { encryptedAttachmentLinks, handOverAttachments, looksEncrypted, MAX_TOTAL_BYTES, type AddAttachment, type AttachmentDeps } from '../../../src/content/adapters/roundcube/attachments';
import { fetchBytes, type FetchedBytes } from '../../../src/content/adapters/roundcube/fetch-bytes';
import { fetchPart, MAX_PART_BYTES } from '../../../src/content/adapters/roundcube/read';
import { MAIL_LIMITS } from '../../../src/shared/mail-schemas';
import { readAttachmentsContentSchemas } from '../../../src/shared/read-attachments-schemas';
import { inlineArmorFromMarkup, loadFixture, startAdapter, type Started } from './fixtures';

let started: Started | undefined;
afterEach(() => {
  started?.stop();
  vi.unstubAllGlobals();
});

const ARMOR = inlineArmorFromMarkup();
const NO_AUTOCRYPT: RoundcubeOptions['autocrypt'] = { fetchHead: async () => '', send: async () => undefined };
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Adds Roundcube's attachment list (markup as in read-full-pgpmime.html) to the loaded fixture. */
function addAttachments(items: Array<{ part: string; name: string; href?: string; cls?: string }>): void {
  const ul = document.createElement('ul');
  ul.id = 'attachment-list';
  ul.className = 'attachmentslist';
  ul.innerHTML = items
    .map(
      (i) =>
        `<li class="${i.cls ?? 'application octet-stream'}" id="attach${i.part}"><a href="${i.href ?? `/?_task=mail&amp;_action=get&amp;_mbox=INBOX&amp;_uid=7&amp;_token=T&amp;_part=${i.part}`}" class="filename"><span class="attachment-name">${i.name}</span><span class="attachment-size">(~1 KB)</span></a></li>`,
    )
    .join('');
  document.body.append(ul);
}

let keyPair: Promise<{ publicKey: openpgp.PublicKey; privateKey: openpgp.PrivateKey }> | null = null;
function keys() {
  keyPair ??= openpgp.generateKey({ userIDs: [{ email: 'bob@example.test' }], format: 'object' }).then((k) => ({ publicKey: k.publicKey, privateKey: k.privateKey }));
  return keyPair;
}

async function binaryMessage(): Promise<Uint8Array> {
  const { publicKey } = await keys();
  return openpgp.encrypt({ message: await openpgp.createMessage({ binary: new Uint8Array([1, 2, 3]) }), encryptionKeys: publicKey, format: 'binary' });
}

function recorder(files: Record<string, FetchedBytes | Error>): AttachmentDeps & { sent: AddAttachment[]; fetched: Array<{ url: string; cap: number }> } {
  const sent: AddAttachment[] = [];
  const fetched: Array<{ url: string; cap: number }> = [];
  return {
    sent,
    fetched,
    async fetchBytes(url, cap) {
      fetched.push({ url, cap });
      const part = new URL(url).searchParams.get('_part') ?? '';
      const f = files[part];
      if (!f) throw new Error(`unexpected part ${part}`);
      if (f instanceof Error) throw f;
      return f;
    },
    async send(req) {
      readAttachmentsContentSchemas.addReadAttachment.parse(req); // what the background accepts
      sent.push(req);
    },
  };
}

describe('Roundcube encrypted attachments', () => {
  it('counts .pgp/.gpg/.asc links of the same origin and _action=get only, never encrypted.asc or the signature part', () => {
    loadFixture('roundcube', 'read-full-inline.html');
    addAttachments([
      { part: '2', name: 'report.pdf.pgp' },
      { part: '3', name: 'notes.txt.asc' },
      { part: '4', name: 'photo.jpg' },
      { part: '5', name: 'encrypted.asc' },
      { part: '6', name: 'signature.asc', cls: 'pgp-signature' },
      { part: '7', name: 'x.gpg', href: 'https://evil.example/?_task=mail&amp;_action=get&amp;_part=7' },
      { part: '8', name: 'y.pgp', href: '/?_task=mail&amp;_action=show&amp;_part=8' },
    ]);
    const links = encryptedAttachmentLinks(document);
    expect(links.map((l) => l.name)).toEqual(['report.pdf.pgp', 'notes.txt.asc']);
    expect(new URL(links[0]!.url).searchParams.get('_part')).toBe('2');
    expect(new URL(links[0]!.url).origin).toBe('http://127.0.0.1:18680');
  });

  it('recognises encrypted OpenPGP messages (binary and armored), not keys or signatures', async () => {
    const { publicKey, privateKey } = await keys();
    expect(looksEncrypted(await binaryMessage())).toBe(true);
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), encryptionKeys: publicKey });
    expect(looksEncrypted(new TextEncoder().encode(`\r\n${armored}`))).toBe(true);
    const pwd = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), passwords: ['pw'], format: 'binary' });
    expect(looksEncrypted(pwd)).toBe(true); // SKESK first
    expect(looksEncrypted(new TextEncoder().encode(publicKey.armor()))).toBe(false);
    expect(looksEncrypted(publicKey.write())).toBe(false);
    const sig = await openpgp.sign({ message: await openpgp.createMessage({ text: 'x' }), signingKeys: privateKey, detached: true, format: 'binary' });
    expect(looksEncrypted(sig)).toBe(false);
    expect(looksEncrypted(new TextEncoder().encode('%PDF-1.4'))).toBe(false);
    expect(looksEncrypted(new Uint8Array(0))).toBe(false);
  });

  it('hands over ciphertext keyed by the body digest, with a problem for files too big or not downloaded, and drops what is not encrypted', async () => {
    loadFixture('roundcube', 'read-full-inline.html');
    addAttachments([
      { part: '2', name: 'report.pdf.pgp' },
      { part: '3', name: 'key.asc' },
      { part: '4', name: 'huge.bin.pgp' },
      { part: '5', name: 'gone.pgp' },
    ]);
    const msg = await binaryMessage();
    const deps = recorder({
      '2': { bytes: msg },
      '3': { bytes: new TextEncoder().encode('-----BEGIN PGP PUBLIC KEY BLOCK-----\n') },
      '4': { tooLarge: true },
      '5': new Error('attachment download failed (500)'),
    });
    await handOverAttachments(document, ARMOR, deps);
    expect(deps.fetched[0]!.cap).toBe(MAX_PART_BYTES);
    expect(deps.fetched[1]!.cap).toBe(MAX_TOTAL_BYTES - msg.byteLength); // one cap for all files of the mail
    expect(deps.sent.map(({ base64, ...rest }) => ({ ...rest, hasBytes: base64 !== null }))).toEqual([
      { bodyDigest: sha256(ARMOR), index: 0, count: 3, name: 'report.pdf.pgp', problem: null, hasBytes: true },
      { bodyDigest: sha256(ARMOR), index: 1, count: 3, name: 'huge.bin.pgp', problem: 'too-large', hasBytes: false },
      { bodyDigest: sha256(ARMOR), index: 2, count: 3, name: 'gone.pgp', problem: 'unavailable', hasBytes: false },
    ]);
    expect(Uint8Array.from(atob(deps.sent[0]!.base64!), (c) => c.charCodeAt(0))).toEqual(msg);
  });

  it('asks for less once earlier files used up the 25 MiB all attachments may take together', async () => {
    loadFixture('roundcube', 'read-full-inline.html');
    addAttachments([{ part: '2', name: 'a.pgp' }, { part: '3', name: 'b.pgp' }]);
    const first = new Uint8Array(1024 * 1024);
    first.set(await binaryMessage());
    const deps = recorder({ '2': { bytes: first }, '3': { tooLarge: true } });
    await handOverAttachments(document, ARMOR, deps);
    expect(deps.fetched.map((f) => f.cap)).toEqual([MAX_PART_BYTES, MAX_TOTAL_BYTES - first.byteLength]);
    expect(deps.sent.map((s) => s.problem)).toEqual([null, 'too-large']);
  });

  it('the adapter: the inline block hands its attachments over first, then gives the same armor; without attachments it stays a string', async () => {
    loadFixture('roundcube', 'read-full-inline.html');
    addAttachments([{ part: '2', name: 'report.pdf.pgp' }]);
    const deps = recorder({ '2': { bytes: await binaryMessage() } });
    started = startAdapter(createRoundcubeAdapter({ attachments: deps, autocrypt: NO_AUTOCRYPT }));
    const block = started.read[0]!.blocks()[0]!;
    expect(block.kind).toBe('message');
    expect(typeof block.armored).toBe('function');
    expect(deps.sent).toHaveLength(0); // nothing is fetched until the controller asks for the armor
    expect(await (block.armored as () => Promise<string>)()).toBe(ARMOR);
    expect(deps.sent).toHaveLength(1);
    started.stop();

    loadFixture('roundcube', 'read-full-inline.html');
    started = startAdapter(createRoundcubeAdapter({ attachments: recorder({}), autocrypt: NO_AUTOCRYPT }));
    expect(started.read[0]!.blocks()[0]!.armored).toBe(ARMOR);
  });

  it('a failing hand-over never keeps the body from its frame', async () => {
    loadFixture('roundcube', 'read-full-inline.html');
    addAttachments([{ part: '2', name: 'report.pdf.pgp' }]);
    const deps: AttachmentDeps = {
      fetchBytes: async () => ({ bytes: await binaryMessage() }),
      send: async () => {
        throw new Error('background gone');
      },
    };
    started = startAdapter(createRoundcubeAdapter({ attachments: deps, autocrypt: NO_AUTOCRYPT }));
    const block = started.read[0]!.blocks()[0]!;
    expect(await (block.armored as () => Promise<string>)()).toBe(ARMOR);
  });
});

describe('bounded raw-part downloads', () => {
  const serve = (bytes: Uint8Array, headers: Record<string, string> = {}) =>
    vi.stubGlobal('fetch', async () => new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), { headers }));

  it('reads up to the cap, and stops past it whatever Content-Length says', async () => {
    serve(new Uint8Array([1, 2, 3, 4, 5]));
    expect(await fetchBytes('http://127.0.0.1/x', 5)).toEqual({ bytes: new Uint8Array([1, 2, 3, 4, 5]) });
    serve(new Uint8Array(6));
    expect(await fetchBytes('http://127.0.0.1/x', 5)).toEqual({ tooLarge: true });
    serve(new Uint8Array(1), { 'content-length': '9999' });
    expect(await fetchBytes('http://127.0.0.1/x', 5)).toEqual({ tooLarge: true });
  });

  it('a PGP/MIME part over 25 MiB becomes a string just over the background cap (the frame then says TOO_LARGE)', async () => {
    serve(new Uint8Array(MAX_PART_BYTES + 10));
    const part = await fetchPart('http://127.0.0.1/x');
    expect(part.length).toBe(MAIL_LIMITS.armoredChars + 1);
    expect(JSON.stringify(part).length).toBe(part.length + 2); // stays this size on Chromium's JSON messaging
  });
});
