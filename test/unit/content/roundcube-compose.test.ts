// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createRoundcubeAdapter, roundcubeAdapter } from '../../../src/content/adapters/roundcube/adapter';
import { readEditor } from '../../../src/content/dom/editor';
import { inlineArmorFromMarkup, loadFixture, parseFixture, settle, startAdapter, type Started } from './fixtures';

let started: Started | undefined;
afterEach(() => started?.stop());

const ARMOR = inlineArmorFromMarkup();
const SIGNED = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nTwo  spaces and  more   here.\n -- dash-escaped\n-----BEGIN PGP SIGNATURE-----\n\niHUEARYKAB0WIQQ=\n=abcd\n-----END PGP SIGNATURE-----\n';

describe('Roundcube compose views', () => {
  it('plain compose: one compose view, chip recipients, sender, no quote, the textarea is the editor', () => {
    loadFixture('roundcube', 'compose-plain.html');
    expect(roundcubeAdapter.detect(document)).toBe(true);
    started = startAdapter(roundcubeAdapter);
    expect(started.read).toHaveLength(0);
    expect(started.compose).toHaveLength(1);
    const v = started.compose[0]!;
    expect(v.getRecipients()).toEqual({ to: ['alice@example.test', 'carol@example.test'], cc: [], bcc: [] });
    expect(v.getSender()).toBe('bob@example.test');
    expect(v.getQuotedArmored()).toBeNull();
    expect(v.editorElement).toBe(document.querySelector('textarea#composebody'));
    expect(v.buttonAnchor.id).toBe('composebodycontainer');
  });

  it('plain compose: writeBody sets the textarea, fires input and change, reads back exactly', () => {
    loadFixture('roundcube', 'compose-plain.html');
    started = startAdapter(roundcubeAdapter);
    const ta = document.querySelector<HTMLTextAreaElement>('textarea#composebody')!;
    const events: string[] = [];
    ta.addEventListener('input', () => events.push('input'));
    ta.addEventListener('change', () => events.push('change'));
    started.compose[0]!.writeBody(ARMOR);
    expect(ta.value).toBe(ARMOR);
    expect(events).toEqual(['input', 'change']);
  });

  it('reply: recipients from textarea#_to and chips, the quoted armor (> prefixes removed)', () => {
    loadFixture('roundcube', 'compose-reply.html');
    started = startAdapter(roundcubeAdapter);
    expect(started.compose).toHaveLength(1);
    const v = started.compose[0]!;
    expect(v.getRecipients()).toEqual({ to: ['alice@example.test'], cc: [], bcc: [] });
    expect(v.getQuotedArmored()).toBe(ARMOR);
  });

  it('forward: the forwarded armor is offered as the quote, To carol', () => {
    loadFixture('roundcube', 'compose-forward.html');
    started = startAdapter(roundcubeAdapter);
    expect(started.compose).toHaveLength(1);
    expect(started.compose[0]!.getRecipients().to).toEqual(['carol@example.test']);
    expect(started.compose[0]!.getQuotedArmored()).toBe(ARMOR);
  });

  it('HTML (TinyMCE) compose: the TinyMCE box is the editor; writeBody puts lines in body#tinymce and reads back exactly', () => {
    loadFixture('roundcube', 'compose-html.html');
    const editorDoc = parseFixture('roundcube', 'compose-html-editor.html');
    const adapter = createRoundcubeAdapter({ frameDocument: () => editorDoc });
    started = startAdapter(adapter);
    expect(started.compose).toHaveLength(1);
    const v = started.compose[0]!;
    expect(v.editorElement.classList.contains('tox-tinymce')).toBe(true);
    expect(v.getRecipients().to).toEqual(['alice@example.test']);
    for (const text of [ARMOR, SIGNED]) {
      v.writeBody(text);
      const body = editorDoc.querySelector('body#tinymce')!;
      expect(body.children).toHaveLength(1);
      expect(body.firstElementChild!.tagName).toBe('P');
      expect(body.querySelectorAll('br').length).toBe(text.trimEnd().split('\n').length - 1);
      expect(readEditor(body)).toBe(text.replace(/\n$/, ''));
    }
    // The plain textarea (hidden in HTML mode) is left alone.
    expect(document.querySelector<HTMLTextAreaElement>('textarea#composebody')!.value).toBe('');
    v.writeBody(ARMOR);
    expect(v.getQuotedArmored()).toBe(ARMOR);
  });

  it('attachFiles hands the files to Roundcube’s upload input and fires change', async () => {
    loadFixture('roundcube', 'compose-plain.html');
    started = startAdapter(roundcubeAdapter);
    const input = document.querySelector<HTMLInputElement>('input#uploadformInput')!;
    let changed = 0;
    input.addEventListener('change', () => changed++);
    await started.compose[0]!.attachFiles([new File([new Uint8Array([1, 2, 3])], 'a.pgp'), new File(['x'], 'b.pgp')]);
    expect(changed).toBe(1);
    expect([...input.files!].map((f) => f.name)).toEqual(['a.pgp', 'b.pgp']);
  });

  it('a re-rendered compose body is found again through MutationObserver, once', async () => {
    loadFixture('roundcube', 'compose-plain.html');
    started = startAdapter(roundcubeAdapter);
    const old = document.querySelector('textarea#composebody')!;
    const fresh = old.cloneNode(true);
    old.replaceWith(fresh);
    document.body.append(document.createElement('div'));
    await settle();
    expect(started.compose).toHaveLength(2);
    expect(started.compose[1]!.editorElement).toBe(fresh);
    expect(started.compose[1]!.id).not.toBe(started.compose[0]!.id);
  });

  it('stops observing once aborted', async () => {
    loadFixture('roundcube', 'compose-plain.html');
    started = startAdapter(roundcubeAdapter);
    started.stop();
    document.querySelector('textarea#composebody')!.replaceWith(document.createElement('textarea'));
    const t = document.body.querySelector('textarea:not([id])')!;
    t.id = 'composebody';
    t.setAttribute('name', '_message');
    await settle();
    expect(started.compose).toHaveLength(1);
  });
});
