// @vitest-environment happy-dom
import * as openpgp from 'openpgp';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoundcubeAdapter, roundcubeAdapter, type RoundcubeOptions } from '../../../src/content/adapters/roundcube/adapter';
import { toBase64 } from '../../../src/core/keys/armor';
import { formatAutocryptHeader } from '../../../src/core/lookup/autocrypt';
import { lookupContentSchemas } from '../../../src/shared/lookup-schemas';
import { fixtureHtml, inlineArmorFromMarkup, loadFixture, settle, startAdapter, type Started } from './fixtures';

let started: Started | undefined;
afterEach(() => started?.stop());

const ARMOR = inlineArmorFromMarkup();

/** Autocrypt hooks that never touch the network, for tests about something else. */
const NO_AUTOCRYPT: RoundcubeOptions['autocrypt'] = { fetchHead: async () => '', send: async () => undefined };

describe('Roundcube read views', () => {
  for (const name of ['read-preview-inline.html', 'read-full-inline.html']) {
    it(`${name}: one read view with exactly the inline armored message, sender from the header`, () => {
      loadFixture('roundcube', name);
      expect(roundcubeAdapter.detect(document)).toBe(true);
      started = startAdapter(roundcubeAdapter);
      expect(started.compose).toHaveLength(0);
      expect(started.read).toHaveLength(1);
      const v = started.read[0]!;
      expect(v.root.id).toBe('messagebody');
      expect(v.sender()).toBe('alice@example.test');
      const blocks = v.blocks();
      expect(blocks).toHaveLength(1);
      expect(blocks[0]!.kind).toBe('message');
      expect(blocks[0]!.armored).toBe(ARMOR);
      expect(blocks[0]!.element.matches('#message-part1 > div.pre')).toBe(true);
    });
  }

  it('HTML mail: the armor in the sanitised HTML part (one <p>, <br> lines) is one message block', () => {
    loadFixture('roundcube', 'read-preview-html.html');
    started = startAdapter(roundcubeAdapter);
    const blocks = started.read[0]!.blocks();
    const markup = /<div class="rcmBody"[^>]*><p>([\s\S]*?)<\/p>/.exec(fixtureHtml('roundcube', 'read-preview-html.html'))?.[1] ?? '';
    expect(blocks.map((b) => [b.kind, b.element.className])).toEqual([['message', 'rcmBody']]);
    expect(blocks[0]!.armored).toBe(`${markup.replace(/<br>/g, '\n')}\n`);
  });

  it('cleartext-signed mail in the preview frame: one cleartext-signed block', () => {
    loadFixture('roundcube', 'read-preview-signed.html');
    started = startAdapter(roundcubeAdapter);
    const blocks = started.read[0]!.blocks();
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.kind).toBe('cleartext-signed');
    expect(blocks[0]!.armored).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nSigned, not secret\.\n-----BEGIN PGP SIGNATURE-----\n/);
  });

  it('PGP/MIME: the encrypted.asc part is fetched same-origin from its _action=get URL, only when asked', async () => {
    loadFixture('roundcube', 'read-full-pgpmime.html', 'http://127.0.0.1:18680/?_task=mail&_uid=4&_mbox=INBOX&_action=show');
    const fetched: string[] = [];
    const adapter = createRoundcubeAdapter({
      autocrypt: NO_AUTOCRYPT,
      fetchPart: async (url) => {
        fetched.push(url);
        return '-----BEGIN PGP MESSAGE-----\n\nwcBMA\n=abcd\n-----END PGP MESSAGE-----\n';
      },
    });
    started = startAdapter(adapter);
    expect(started.read).toHaveLength(1);
    expect(started.read[0]!.sender()).toBe('alice@example.test');
    const blocks = started.read[0]!.blocks();
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.kind).toBe('pgp-mime-encrypted');
    expect(blocks[0]!.element.id).toBe('messagebody');
    expect(fetched).toHaveLength(0);
    const load = blocks[0]!.armored;
    if (typeof load === 'string') throw new Error('expected a lazy part');
    await expect(load()).resolves.toContain('BEGIN PGP MESSAGE');
    const url = new URL(fetched[0]!);
    expect(url.origin).toBe('http://127.0.0.1:18680');
    expect(url.searchParams.get('_action')).toBe('get');
    expect(url.searchParams.get('_part')).toBe('2');
    const linkUid = new URL(document.querySelector('#attachment-list a.filename')!.getAttribute('href')!, 'http://x/').searchParams.get('_uid');
    expect(url.searchParams.get('_uid')).toBe(linkUid);
  });

  it('PGP/MIME signed: the whole raw message is fetched from _action=viewsource for the same uid', async () => {
    loadFixture('roundcube', 'read-full-pgpmime-signed.html', 'http://127.0.0.1:18680/?_task=mail&_uid=4&_mbox=INBOX&_action=show');
    const fetched: string[] = [];
    started = startAdapter(createRoundcubeAdapter({ autocrypt: NO_AUTOCRYPT, fetchPart: async (url) => (fetched.push(url), 'raw mime') }));
    const blocks = started.read[0]!.blocks();
    expect(blocks.map((b) => [b.kind, b.element.id])).toEqual([['pgp-mime-signed', 'messagebody']]);
    const load = blocks[0]!.armored;
    if (typeof load === 'string') throw new Error('expected a lazy source');
    await expect(load()).resolves.toBe('raw mime');
    const url = new URL(fetched[0]!);
    expect(url.origin).toBe('http://127.0.0.1:18680');
    const linkUid = new URL(document.querySelector('#attachment-list a.filename')!.getAttribute('href')!, 'http://x/').searchParams.get('_uid');
    expect(Object.fromEntries(url.searchParams)).toEqual({ _task: 'mail', _action: 'viewsource', _uid: linkUid, _mbox: 'INBOX' });
  });

  it('PGP/MIME: an attachment link to another origin is never fetched', () => {
    loadFixture('roundcube', 'read-full-pgpmime.html', 'http://127.0.0.1:18680/?_task=mail&_action=show');
    document.querySelector('#attachment-list a.filename')!.setAttribute('href', 'https://attacker.example/?_action=get&_part=2');
    started = startAdapter(createRoundcubeAdapter({ fetchPart: () => Promise.reject(new Error('must not fetch')) }));
    expect(started.read[0]!.blocks()).toEqual([]);
  });

  it('armor inside a compose textarea is not a read view (MP-09)', () => {
    loadFixture('roundcube', 'compose-reply.html');
    started = startAdapter(roundcubeAdapter);
    expect(started.read).toHaveLength(0);
  });

  it('a message body replaced by the page is reported again', async () => {
    loadFixture('roundcube', 'read-preview-inline.html');
    started = startAdapter(roundcubeAdapter);
    const body = document.querySelector('#messagebody')!;
    body.replaceWith(body.cloneNode(true));
    await settle();
    expect(started.read).toHaveLength(2);
    expect(started.read[1]!.blocks()[0]!.armored).toBe(ARMOR);
  });

  for (const [name, action] of [
    ['read-preview-inline.html', 'preview'],
    ['read-full-inline.html', 'show'],
  ] as const) {
    it(`${name}: the open mail's Autocrypt header is reported once — not per mutation or re-render`, async () => {
      const { publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ email: 'alice@example.test' }], format: 'object' });
      const keydata = publicKey.write();
      const header = formatAutocryptHeader({ addr: 'alice@example.test', preferEncrypt: 'mutual', keydata });
      const source = `From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nDate: Sun, 01 Nov 2026 10:00:00 +0000\r\nAutocrypt: ${header}\r\nSubject: hi\r\n\r\nbody\r\n`;
      loadFixture('roundcube', name, `http://127.0.0.1:18680/?_task=mail&_uid=1&_mbox=INBOX&_action=${action}`);
      const fetched: string[] = [];
      const sent: unknown[] = [];
      let delivered!: () => void;
      const done = new Promise<void>((r) => (delivered = r));
      started = startAdapter(
        createRoundcubeAdapter({
          fetchPart: () => Promise.reject(new Error('the body is not fetched for Autocrypt')),
          autocrypt: {
            fetchHead: async (url) => (fetched.push(url), source),
            send: async (req) => (sent.push(req), delivered(), { stored: true }),
          },
        }),
      );
      await done;
      // Mutations and a re-rendered body of the same mail: no second fetch, no second report.
      document.querySelector('#messagebody')!.append(document.createElement('span'));
      const body = document.querySelector('#messagebody')!;
      body.replaceWith(body.cloneNode(true));
      await settle();
      expect(started.read).toHaveLength(2);
      expect(fetched).toHaveLength(1);
      expect(Object.fromEntries(new URL(fetched[0]!).searchParams)).toEqual({ _task: 'mail', _action: 'viewsource', _uid: '1', _mbox: 'INBOX' });
      expect(new URL(fetched[0]!).origin).toBe('http://127.0.0.1:18680');
      const want = { from: 'alice@example.test', addr: 'alice@example.test', preferEncrypt: 'mutual', keydata: toBase64(keydata), date: '2026-11-01T10:00:00.000Z' };
      expect(sent).toEqual([want]);
      expect(lookupContentSchemas.autocryptSeen.parse(sent[0])).toEqual(want); // what the background accepts
    });
  }

  it('no Autocrypt fetch without a mail uid in the URL, nor for a compose view', async () => {
    const fetched: string[] = [];
    const autocrypt: RoundcubeOptions['autocrypt'] = { fetchHead: async (url) => (fetched.push(url), ''), send: async () => undefined };
    loadFixture('roundcube', 'read-preview-inline.html', 'http://127.0.0.1:18680/?_task=mail&_action=preview');
    started = startAdapter(createRoundcubeAdapter({ autocrypt }));
    expect(started.read).toHaveLength(1);
    started.stop();
    loadFixture('roundcube', 'compose-reply.html', 'http://127.0.0.1:18680/?_task=mail&_uid=1&_action=compose');
    started = startAdapter(createRoundcubeAdapter({ autocrypt }));
    await settle();
    expect(fetched).toEqual([]);
  });

  it('a page that is not Roundcube is not detected', () => {
    loadFixture('generic', 'long-page.html');
    expect(roundcubeAdapter.detect(document)).toBe(false);
  });
});
