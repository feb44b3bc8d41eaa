// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGenericAdapter, genericAdapter, type Visibility } from '../../../src/content/adapters/generic/adapter';
import { pickAdapter } from '../../../src/content/adapters/registry';
import { readEditor } from '../../../src/content/dom/editor';
import { fixtureHtml, inlineArmorFromMarkup, loadFixture, settle, startAdapter, type Started } from './fixtures';

let started: Started | undefined;
afterEach(() => started?.stop());
const ARMOR = inlineArmorFromMarkup();

/** Visibility the test controls: records what is waiting, shows it on demand. */
function manualVisibility(): { visibility: Visibility; waiting: Map<Element, () => void> } {
  const waiting = new Map<Element, () => void>();
  return { waiting, visibility: (el, cb) => waiting.set(el, cb) };
}

describe('generic adapter', () => {
  it('is what the registry picks for a non-webmail page', () => {
    loadFixture('generic', 'textarea.html');
    expect(pickAdapter(document).id).toBe('generic');
    loadFixture('roundcube', 'compose-plain.html');
    expect(pickAdapter(document).id).toBe('roundcube');
  });

  it('textarea: a compose view appears on focus (once), writeBody round-trips exactly', () => {
    loadFixture('generic', 'textarea.html');
    started = startAdapter(genericAdapter);
    expect(started.compose).toHaveLength(0);
    const ta = document.querySelector<HTMLTextAreaElement>('#reply')!;
    ta.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    ta.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    document.querySelector<HTMLInputElement>('#subject')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(started.compose).toHaveLength(1);
    const v = started.compose[0]!;
    expect(v.editorElement).toBe(ta);
    expect(v.getRecipients()).toEqual({ to: [], cc: [], bcc: [] });
    v.writeBody(ARMOR);
    expect(ta.value).toBe(ARMOR);
    expect(v.getQuotedArmored()).toBe(ARMOR);
  });

  it('contenteditable: focus inside the editor gives the editing host; one <div> per line, read back exactly', () => {
    loadFixture('generic', 'contenteditable.html');
    started = startAdapter(genericAdapter);
    const editor = document.querySelector<HTMLElement>('#editor')!;
    editor.firstElementChild!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(started.compose).toHaveLength(1);
    const v = started.compose[0]!;
    expect(v.editorElement).toBe(editor);
    v.writeBody(ARMOR);
    const lines = ARMOR.replace(/\n$/, '').split('\n');
    expect(editor.children).toHaveLength(lines.length);
    expect([...editor.children].every((c) => c.tagName === 'DIV')).toBe(true);
    expect(editor.children[1]!.innerHTML).toBe('<br>'); // the blank line after the armor header line
    expect(readEditor(editor)).toBe(ARMOR.replace(/\n$/, ''));
    expect(v.getQuotedArmored()).toBe(ARMOR);
  });

  it('long page: finds the one armored block, not the one planted in a textarea, and reports it only when visible', () => {
    loadFixture('generic', 'long-page.html');
    const { visibility, waiting } = manualVisibility();
    started = startAdapter(createGenericAdapter({ visibility }));
    expect(waiting.size).toBe(1);
    const [element, show] = [...waiting][0]!;
    expect(element.id).toBe('armored-post');
    expect(started.read).toHaveLength(0);
    show();
    expect(started.read).toHaveLength(1);
    const blocks = started.read[0]!.blocks();
    // Expected: the armor as written in the fixture's markup (between the greeting and "Thanks.").
    const markup = /id="armored-post"[^>]*>Here is my reply, encrypted:<br>\n([\s\S]*?)Thanks\.<\/div>/.exec(
      fixtureHtml('generic', 'long-page.html'),
    )?.[1];
    expect(blocks).toEqual([{ element, kind: 'message', armored: markup?.replace(/<br>\n?/g, '\n') }]);
  });

  it('500 blocks: scanned without creating a view until each becomes visible (DS-03)', () => {
    loadFixture('generic', 'textarea.html');
    const html = ARMOR.replace(/\n/g, '<br>');
    document.body.innerHTML = Array.from({ length: 500 }, (_, i) => `<div class="m" id="m${i}">${html}</div>`).join('');
    const { visibility, waiting } = manualVisibility();
    const t0 = performance.now();
    started = startAdapter(createGenericAdapter({ visibility }));
    const elapsed = performance.now() - t0;
    expect(waiting.size).toBe(500);
    expect(started.read).toHaveLength(0);
    waiting.get(document.getElementById('m7')!)!();
    expect(started.read.map((v) => v.root.id)).toEqual(['m7']);
    expect(elapsed).toBeLessThan(5000); // generous for a shared CPU; the point is no per-block frame or layout
  });

  it('blocks added later are found through MutationObserver', async () => {
    loadFixture('generic', 'textarea.html');
    const { visibility, waiting } = manualVisibility();
    started = startAdapter(createGenericAdapter({ visibility }));
    const pre = document.createElement('pre');
    pre.textContent = ARMOR;
    document.body.append(pre);
    await settle();
    expect([...waiting.keys()]).toEqual([pre]);
  });

  it('with the default IntersectionObserver visibility nothing is reported before it intersects', () => {
    loadFixture('generic', 'long-page.html');
    started = startAdapter(genericAdapter);
    expect(started.read).toHaveLength(0);
  });

  it('default visibility: blocks already in view (with the 200 px margin) open at once, measured all before any opens; the rest wait', async () => {
    loadFixture('generic', 'textarea.html');
    const html = ARMOR.replace(/\n/g, '<br>');
    document.body.innerHTML = ['top', 'near', 'far', 'hidden'].map((id) => `<div id="${id}">${html}</div>`).join('');
    const tops: Record<string, number> = { top: 10, near: window.innerHeight + 150, far: window.innerHeight + 2000, hidden: 0 };
    const log: string[] = [];
    const rect = vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      log.push(`measure ${this.id}`);
      const top = tops[this.id] ?? 0;
      const size = this.id === 'hidden' ? 0 : 100; // display:none: no box
      return { top, bottom: top + size, left: 0, right: size, width: size, height: size, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
    });
    try {
      started = startAdapter(genericAdapter);
      const onRead = started.read;
      expect(onRead).toHaveLength(0); // not inside the scan: after it, in one microtask
      await settle();
      expect(onRead.map((v) => v.root.id)).toEqual(['top', 'near']);
      expect(log).toEqual(['measure top', 'measure near', 'measure far', 'measure hidden']);
    } finally {
      rect.mockRestore();
    }
  });
});
