// @vitest-environment happy-dom
/**
 * Roundcube re-renders its compose body while the secure editor is open (e.g. its own
 * scripts rebuild #composebodycontainer): the same compose session's frame moves over the new
 * editor once, no second session is opened, and the result is written into the new body.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { roundcubeAdapter } from '../../../src/content/adapters/roundcube/adapter';
import { createController } from '../../../src/content/controller';
import { loadFixture, settle } from './fixtures';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
});

function fakeBackground() {
  const calls: string[] = [];
  let n = 0;
  const send = async (type: string): Promise<never> => {
    calls.push(type);
    n += 1;
    return (type === 'closeSession' ? {} : { sessionId: `s${n}`, claim: 'c'.repeat(32) }) as never;
  };
  return { calls, send };
}

describe('compose frame re-mount (Roundcube fixture)', () => {
  it('a re-rendered compose body gets the open frame back, once, and the result goes into the new textarea', async () => {
    loadFixture('roundcube', 'compose-plain.html');
    const bg = fakeBackground();
    const ac = new AbortController();
    stops.push(() => ac.abort());
    const c = createController(roundcubeAdapter, bg.send as never, ac.signal, (page) => `chrome-extension://id/${page}`);
    stops.push(() => c.stop());
    const views: Parameters<typeof c.onCompose>[0][] = [];
    roundcubeAdapter.start({ doc: document, signal: ac.signal, onCompose: (v) => (views.push(v), c.onCompose(v)), onRead: c.onRead });
    await settle();
    expect(views).toHaveLength(1);
    await c.openCompose(views[0]!);
    const frame = document.querySelector<HTMLIFrameElement>('iframe[data-cachet]')!;
    const oldTa = document.querySelector<HTMLTextAreaElement>('textarea#composebody')!;
    expect(frame.nextElementSibling).toBe(oldTa);

    // Roundcube rebuilds the body container: our frame is dropped with the old one.
    const container = document.querySelector('#composebodycontainer')!;
    const copy = container.cloneNode(true) as Element;
    copy.querySelectorAll('[data-cachet]').forEach((e) => e.remove());
    container.replaceWith(copy);
    await settle();

    const newTa = document.querySelector<HTMLTextAreaElement>('textarea#composebody')!;
    expect(newTa).not.toBe(oldTa);
    expect(views).toHaveLength(2);
    expect(frame.isConnected).toBe(true);
    expect(frame.nextElementSibling).toBe(newTa);
    expect(newTa.style.getPropertyValue('display')).toBe('none');
    expect(document.querySelectorAll('iframe[data-cachet]')).toHaveLength(1);
    // Clicking the new view's button while open does not open a second editor.
    await c.openCompose(views[1]!);
    expect(bg.calls.filter((t) => t === 'openComposeSession')).toHaveLength(1);

    const out = '-----BEGIN PGP MESSAGE-----\n\nwcBMA\n=abcd\n-----END PGP MESSAGE-----\n';
    c.pushes.composeResult({ sessionId: 's1', armored: out, attachments: [] });
    expect(newTa.value).toBe(out);
    expect(frame.isConnected).toBe(false);
    expect(newTa.style.getPropertyValue('display')).toBe('');
  });

  it('a second compose view in a page where the frame is still in place is left alone', async () => {
    loadFixture('roundcube', 'compose-plain.html');
    const bg = fakeBackground();
    const ac = new AbortController();
    stops.push(() => ac.abort());
    const c = createController(roundcubeAdapter, bg.send as never, ac.signal, (page) => `chrome-extension://id/${page}`);
    stops.push(() => c.stop());
    const views: Parameters<typeof c.onCompose>[0][] = [];
    roundcubeAdapter.start({ doc: document, signal: ac.signal, onCompose: (v) => (views.push(v), c.onCompose(v)), onRead: c.onRead });
    await settle();
    await c.openCompose(views[0]!);
    const frame = document.querySelector<HTMLIFrameElement>('iframe[data-cachet]')!;
    const oldTa = frame.nextElementSibling;
    // Another textarea appears elsewhere (not a re-render of ours): the frame stays put.
    const other = document.createElement('textarea');
    document.body.append(other);
    c.onCompose({ ...views[0]!, id: 'other', root: document.body, editorElement: other, buttonAnchor: other });
    expect(frame.nextElementSibling).toBe(oldTa);
  });
});
