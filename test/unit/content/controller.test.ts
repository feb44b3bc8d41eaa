// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { roundcubeAdapter } from '../../../src/content/adapters/roundcube/adapter';
import { createController } from '../../../src/content/controller';
import { clampHeight, MAX_HEIGHT, MIN_HEIGHT, mountFrame } from '../../../src/content/overlay/frame';
import { mountButton } from '../../../src/content/overlay/button';
import { inlineArmorFromMarkup, loadFixture, settle, startAdapter, type Started } from './fixtures';

const ARMOR = inlineArmorFromMarkup();
const FRAME_URL = (page: string): string => `chrome-extension://id/${page}`;
let started: Started | undefined;
afterEach(() => started?.stop());

function fakeBackground() {
  const calls: Array<{ type: string; payload: Record<string, unknown> }> = [];
  let n = 0;
  const send = async (type: string, payload: unknown): Promise<never> => {
    calls.push({ type, payload: payload as Record<string, unknown> });
    n += 1;
    const res = type === 'closeSession' ? {} : { sessionId: `s${n}`, claim: `${n}`.padStart(32, 'c') };
    return res as never;
  };
  return { calls, send };
}

describe('overlay', () => {
  it('the button lives in a closed shadow root, is labelled and ignores synthetic (page) clicks', () => {
    loadFixture('generic', 'textarea.html');
    const ta = document.querySelector('#reply')!;
    let clicks = 0;
    const b = mountButton(ta, 'Write securely with Cachet', () => clicks++);
    expect(b.host.nextElementSibling).toBe(ta);
    expect(b.host.shadowRoot).toBeNull(); // closed: the page cannot reach the button
    b.host.click();
    expect(clicks).toBe(0);
    b.remove();
    expect(b.host.isConnected).toBe(false);
  });

  it('frames: height is clamped, the covered element is hidden and restored, remount happens once', () => {
    expect(clampHeight(-5)).toBe(MIN_HEIGHT);
    expect(clampHeight(1e9)).toBe(MAX_HEIGHT);
    expect(clampHeight(Number.NaN)).toBe(MIN_HEIGHT);
    loadFixture('generic', 'textarea.html');
    const ta = document.querySelector<HTMLElement>('#reply')!;
    const f = mountFrame(Promise.resolve({ sessionId: 's1', claim: null }), 'chrome-extension://id/compose.html', ta, 300);
    expect(f.iframe.nextElementSibling).toBe(ta);
    expect(f.iframe.getAttribute('allow')).toBe('');
    expect(ta.style.getPropertyValue('display')).toBe('none');
    f.iframe.remove();
    expect(f.remount()).toBe(true);
    expect(f.iframe.isConnected).toBe(true);
    f.iframe.remove();
    expect(f.remount()).toBe(false);
    f.remove();
    expect(ta.style.getPropertyValue('display')).toBe('');
  });
});

describe('controller', () => {
  it('compose: asks for a session with addresses and ciphertext only, writes the pushed result, closes the frame', async () => {
    loadFixture('roundcube', 'compose-reply.html');
    const bg = fakeBackground();
    const ac = new AbortController();
    const c = createController(roundcubeAdapter, bg.send as never, ac.signal, FRAME_URL);
    started = startAdapter(roundcubeAdapter);
    const view = started.compose[0]!;
    c.onCompose(view);
    expect(view.buttonAnchor.previousElementSibling!.getAttribute('data-cachet')).toBe('button');
    await c.openCompose(view);
    await c.openCompose(view); // a second click while open does not open a second editor
    expect(bg.calls).toEqual([
      {
        type: 'openComposeSession',
        payload: {
          adapter: 'roundcube',
          recipients: { to: ['alice@example.test'], cc: [], bcc: [] },
          sender: 'bob@example.test',
          quotedArmored: ARMOR,
        },
      },
    ]);
    const ta = document.querySelector<HTMLTextAreaElement>('textarea#composebody')!;
    const frame = ta.previousElementSibling as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(ta.style.getPropertyValue('display')).toBe('none');
    // A push for a session we never opened changes nothing; ours writes the body.
    expect(c.isOwnSession('nope')).toBe(false);
    const out = '-----BEGIN PGP MESSAGE-----\n\nwcBMA\n=abcd\n-----END PGP MESSAGE-----\n';
    c.pushes.composeResult({ sessionId: 's1', armored: out, attachments: [] });
    expect(ta.value).toBe(out);
    expect(frame.isConnected).toBe(false);
    expect(ta.style.getPropertyValue('display')).toBe('');
    expect(c.isOwnSession('s1')).toBe(false);
    expect(bg.calls.at(-1)).toEqual({ type: 'closeSession', payload: { sessionId: 's1' } });
    c.stop();
    expect(view.buttonAnchor.previousElementSibling?.getAttribute('data-cachet') ?? null).toBeNull();
    ac.abort();
  });

  it('read: one session per block; a re-rendered body reuses the session and remounts its frame', async () => {
    loadFixture('roundcube', 'read-preview-inline.html');
    const bg = fakeBackground();
    const ac = new AbortController();
    const c = createController(roundcubeAdapter, bg.send as never, ac.signal, FRAME_URL);
    const ac2 = new AbortController();
    roundcubeAdapter.start({ doc: document, signal: ac2.signal, onCompose: c.onCompose, onRead: c.onRead });
    await settle();
    expect(bg.calls).toEqual([
      { type: 'openReadSession', payload: { adapter: 'roundcube', kind: 'message', armored: ARMOR, sender: 'alice@example.test' } },
    ]);
    const frame = document.querySelector('iframe[data-cachet]')!;
    // Our page's URL as the content script makes it: no session id in it (PI-03).
    expect(frame.getAttribute('src')).toBe('chrome-extension://id/read.html');
    expect(c.isOwnSession('s1')).toBe(true);
    // The page re-renders the message body: no second session, the same frame moves once.
    const body = document.querySelector('#messagebody')!;
    const copy = body.cloneNode(true) as Element;
    copy.querySelector('iframe')?.remove();
    body.replaceWith(copy);
    await settle();
    expect(bg.calls.filter((x) => x.type === 'openReadSession')).toHaveLength(1);
    expect(frame.isConnected).toBe(true);
    expect(frame.nextElementSibling).toBe(copy.querySelector('div.pre'));
    c.pushes.frameHeight({ sessionId: 's1', height: 99999 });
    expect((frame as HTMLElement).style.height).toBe(`${MAX_HEIGHT}px`);
    c.stop();
    expect(frame.isConnected).toBe(false);
    expect(bg.calls.at(-1)).toEqual({ type: 'closeSession', payload: { sessionId: 's1' } });
    ac.abort();
    ac2.abort();
  });

  it('read: the frame is mounted while the session opens; a refused open removes it and shows the block again', async () => {
    loadFixture('roundcube', 'read-preview-inline.html');
    let answer!: { reject: (e: unknown) => void };
    const send = (type: string): Promise<unknown> =>
      type === 'openReadSession' ? new Promise((_resolve, reject) => (answer = { reject })) : Promise.resolve({});
    const ac = new AbortController();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = createController(roundcubeAdapter, send as never, ac.signal, FRAME_URL);
    roundcubeAdapter.start({ doc: document, signal: ac.signal, onCompose: c.onCompose, onRead: c.onRead });
    await settle();
    const frame = document.querySelector('iframe[data-cachet]');
    const block = document.querySelector<HTMLElement>('#messagebody div.pre')!;
    expect(frame?.getAttribute('src')).toBe('chrome-extension://id/read.html'); // before any answer
    expect(block.style.getPropertyValue('display')).toBe('none');
    answer.reject(new Error('FORBIDDEN'));
    await settle();
    expect(frame?.isConnected).toBe(false);
    expect(block.style.getPropertyValue('display')).toBe('');
    expect(c.isOwnSession('s1')).toBe(false);
    warn.mockRestore();
    ac.abort();
  });
});
