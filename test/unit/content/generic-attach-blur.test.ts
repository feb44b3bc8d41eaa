// @vitest-environment happy-dom
/**
 * Generic adapter: encrypted attachments go through the page's file field next to the editor,
 * or (none there) the controller shows a notice offering the .pgp files for download; the
 * on-focus button leaves with the focus unless focus moved into our own button/frame.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { genericAdapter } from '../../../src/content/adapters/generic/adapter';
import { fileInputNear } from '../../../src/content/adapters/generic/attach';
import { createController } from '../../../src/content/controller';
import { loadFixture, startAdapter, type Started } from './fixtures';

let started: Started | undefined;
const stops: Array<() => void> = [];
afterEach(() => {
  started?.stop();
  for (const s of stops.splice(0)) s();
});

const pgp = (): File[] => [new File([new Uint8Array([0xc1, 2, 3])], 'a.txt.pgp'), new File(['x'], 'b.pdf.pgp')];

function focusView(selector: string) {
  const el = document.querySelector<HTMLElement>(selector)!;
  el.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
  return started!.compose.at(-1)!;
}

describe('generic attachFiles', () => {
  it('uses the file field in the editor’s form and fires change', async () => {
    loadFixture('generic', 'textarea.html');
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    document.querySelector('form')!.append(input);
    // A file field elsewhere on the page is not this editor's.
    const far = document.createElement('input');
    far.type = 'file';
    document.body.prepend(far);
    started = startAdapter(genericAdapter);
    const view = focusView('#reply');
    expect(fileInputNear(view.editorElement)).toBe(input);
    const events: string[] = [];
    input.addEventListener('change', () => events.push('change'));
    await view.attachFiles(pgp());
    expect([...input.files!].map((f) => f.name)).toEqual(['a.txt.pgp', 'b.pdf.pgp']);
    expect(events).toEqual(['change']);
    expect(far.files?.length ?? 0).toBe(0);
  });

  it('without a file field near the editor: a clear error, and the controller offers the .pgp files for download', async () => {
    loadFixture('generic', 'textarea.html');
    const far = document.createElement('div');
    far.innerHTML = '<div><div><div><div><input type="file"></div></div></div></div>';
    document.body.append(far);
    started = startAdapter(genericAdapter);
    const view = focusView('#reply');
    expect(fileInputNear(view.editorElement)).toBeNull();
    await expect(view.attachFiles(pgp())).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('no file upload field') });

    const ac = new AbortController();
    stops.push(() => ac.abort());
    const send = async (type: string): Promise<never> =>
      (type === 'closeSession' ? {} : { sessionId: 's1', claim: 'c'.repeat(32) }) as never;
    const c = createController(genericAdapter, send as never, ac.signal, (page) => `chrome-extension://id/${page}`);
    await c.openCompose(view);
    c.pushes.composeResult({
      sessionId: 's1',
      armored: '-----BEGIN PGP MESSAGE-----\n\nwcBMA\n=abcd\n-----END PGP MESSAGE-----\n',
      attachments: [{ name: 'a.txt.pgp', mimeType: 'application/pgp-encrypted', base64: 'wQID' }],
    });
    await new Promise((r) => setTimeout(r, 0));
    const notice = document.querySelector('[data-cachet="notice"]');
    expect(notice).not.toBeNull();
    expect(notice!.nextElementSibling).toBe(view.editorElement);
    // The notice's text and links are in a closed shadow root: the page cannot read them through the host.
    expect(notice!.shadowRoot).toBeNull();
    expect(notice!.textContent).toBe('');
    c.stop();
    expect(document.querySelector('[data-cachet="notice"]')).toBeNull();
  });
});

describe('generic on-focus button', () => {
  function setup() {
    loadFixture('generic', 'textarea.html');
    const ac = new AbortController();
    stops.push(() => ac.abort());
    const send = async (): Promise<never> => ({ sessionId: 's1', claim: 'c'.repeat(32) }) as never;
    const c = createController(genericAdapter, send as never, ac.signal, (page) => `chrome-extension://id/${page}`);
    stops.push(() => c.stop());
    genericAdapter.start({ doc: document, signal: ac.signal, onCompose: c.onCompose, onRead: c.onRead });
    const ta = document.querySelector<HTMLTextAreaElement>('#reply')!;
    const subject = document.querySelector<HTMLInputElement>('#subject')!;
    const button = () => document.querySelector('[data-cachet="button"]');
    return { ta, subject, button, c };
  }

  it('appears on focus, goes away when focus moves to another page element, comes back on focus again', () => {
    const { ta, subject, button } = setup();
    ta.focus();
    expect(button()).not.toBeNull();
    expect(button()!.nextElementSibling).toBe(ta);
    subject.focus();
    expect(button()).toBeNull();
    ta.focus();
    expect(document.querySelectorAll('[data-cachet="button"]')).toHaveLength(1);
  });

  it('stays when focus moves into our own button', () => {
    const { ta, button } = setup();
    ta.focus();
    const host = button()!;
    ta.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: host }));
    expect(button()).toBe(host);
  });

  it('stays while our frame is open over the editor, even when focus goes nowhere we can see', async () => {
    const { ta, button } = setup();
    ta.focus();
    const host = button()!;
    // What mountFrame puts before the editor while the secure editor is open.
    const frame = document.createElement('iframe');
    frame.setAttribute('data-cachet', 'frame');
    ta.insertAdjacentElement('beforebegin', frame);
    ta.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: null }));
    await new Promise((r) => setTimeout(r, 0));
    expect(button()).toBe(host);
  });
});
