// @vitest-environment happy-dom
// Issue 8 §2: when a webmail adapter's selectors stop matching, the page falls back to the
// generic adapter and the background (then the popup) is told, instead of failing silently.
import { afterEach, describe, expect, it } from 'vitest';
import { withFallback, type FallbackAdapter } from '../../../src/content/adapter-fallback';
import { createGenericAdapter } from '../../../src/content/adapters/generic/adapter';
import { gmailAdapter } from '../../../src/content/adapters/gmail/adapter';
import { pickAdapter } from '../../../src/content/adapters/registry';
import { outlookAdapter } from '../../../src/content/adapters/outlook/adapter';
import { yahooAdapter } from '../../../src/content/adapters/yahoo/adapter';
import type { SiteAdapter } from '../../../src/content/site/adapter';
import { adapterStatusContentHandlers, adapterStatusPageHandlers } from '../../../src/background/handlers/adapter-status';
import type { StorageAreaLike } from '../../../src/background/browser-deps';
import { contentSchemas } from '../../../src/shared/schemas';
import type { AdapterStatusReport } from '../../../src/shared/adapter-status-protocol';
import { loadFixture, settle, startAdapter, type Started } from './fixtures';

let started: Started | undefined;
afterEach(() => started?.stop());

function run(site: SiteAdapter, fixture: string, dir: string): { a: FallbackAdapter; reports: AdapterStatusReport[] } {
  const reports: AdapterStatusReport[] = [];
  // Generic with immediate visibility: what it finds is reported at once.
  const generic = createGenericAdapter({ visibility: (_el, onVisible) => onVisible() });
  const a = withFallback(site, generic, (r) => reports.push(r));
  loadFixture(dir, fixture, 'http://127.0.0.1:18680/mail/');
  return { a, reports };
}

function focus(el: Element): void {
  el.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
}

describe('fallback to the generic adapter', () => {
  it('the registry wraps site adapters; a page that matches reports ok once and keeps its adapter', async () => {
    loadFixture('gmail', 'compose-new.html', 'http://127.0.0.1:18680/mail/');
    expect(pickAdapter(document).id).toBe('gmail');
    const { a, reports } = run(gmailAdapter, 'compose-new.html', 'gmail');
    started = startAdapter(a);
    await settle();
    expect(started.compose).toHaveLength(1);
    focus(document.querySelector(gmailAdapter.spec.selectors.editor)!);
    focus(document.querySelector('textarea[name="to"]')!);
    await settle();
    expect(reports).toEqual([{ adapter: 'gmail', state: 'ok', view: null, missing: [] }]);
    expect(a.id).toBe('gmail');
    expect(a.fellBack).toBeNull();
  });

  it('a compose view without the editor Gmail used to have: generic takes over, the status says so', async () => {
    const { a, reports } = run(gmailAdapter, 'compose-new.html', 'gmail');
    // Gmail "redesign": the editor's classes changed.
    const editor = document.querySelector<HTMLElement>('div.Am')!;
    editor.className = 'xyz-editor';
    started = startAdapter(a);
    await settle();
    expect(started.compose).toHaveLength(0);
    expect(a.id).toBe('generic');
    expect(reports.at(-1)).toEqual({ adapter: 'gmail', state: 'fallback', view: 'compose', missing: ['editor'] });
    // Basic mode works: focusing the editor gives a compose view that writes <div> lines.
    focus(editor);
    expect(started.compose).toHaveLength(1);
    expect(started.compose[0]!.id).toMatch(/^generic-compose/);
    started.compose[0]!.writeBody('-----BEGIN PGP MESSAGE-----\n\nabc\n-----END PGP MESSAGE-----\n');
    expect(editor.children).toHaveLength(4);
  });

  it('the user types in a compose-like editor outside every known compose view: fallback, and that editor gets the button', async () => {
    const { a, reports } = run(yahooAdapter, 'read-single.html', 'yahoo');
    started = startAdapter(a);
    await settle();
    expect(started.read).toHaveLength(1); // views found before the fallback stay
    // Yahoo "redesign": a compose form under new markup, which still has its To field.
    const form = document.createElement('section');
    form.innerHTML = '<div><input id="message-to-field"></div><div class="new-body"></div>';
    const strange = document.createElement('div');
    strange.setAttribute('contenteditable', 'true');
    strange.innerHTML = '<div><br></div>';
    form.querySelector('.new-body')!.appendChild(strange);
    document.querySelector('main')!.appendChild(form);
    await settle();
    focus(strange.firstElementChild!);
    expect(reports.at(-1)).toMatchObject({ adapter: 'yahoo', state: 'fallback', view: 'compose' });
    expect(started.compose.map((v) => v.editorElement)).toEqual([strange]);
    expect(a.id).toBe('generic');
  });

  it('typing in an editor that is no compose body (Gmail settings signature) keeps the Gmail adapter', async () => {
    const { a, reports } = run(gmailAdapter, 'settings-signature.html', 'gmail');
    started = startAdapter(a);
    await settle();
    const signature = document.querySelector<HTMLElement>('[aria-label="Signature"]')!;
    focus(signature.firstElementChild!);
    focus(document.querySelector('[aria-label="Vacation responder"]')!);
    await settle();
    expect(gmailAdapter.looksLikeCompose(signature)).toBe(false);
    expect(reports).toEqual([{ adapter: 'gmail', state: 'ok', view: null, missing: [] }]);
    expect(a.id).toBe('gmail');
    expect(started.compose).toHaveLength(0);
  });

  it('the same settings page with a compose form whose editor classes changed does fall back', async () => {
    const { a, reports } = run(gmailAdapter, 'settings-signature.html', 'gmail');
    started = startAdapter(a);
    await settle();
    // A compose dialog opened over Settings, in markup Gmail no longer marks with div.M9 / div.Am.
    const dialog = document.createElement('div');
    dialog.innerHTML = '<table><tr><td><textarea name="to"></textarea></td></tr></table><div><div><div contenteditable="true" class="new-editor"><br></div></div></div>';
    document.body.appendChild(dialog);
    await settle();
    const editor = dialog.querySelector<HTMLElement>('.new-editor')!;
    expect(gmailAdapter.looksLikeCompose(editor)).toBe(true);
    focus(editor);
    expect(reports.at(-1)).toMatchObject({ adapter: 'gmail', state: 'fallback', view: 'compose' });
    expect(a.id).toBe('generic');
  });

  it('each adapter recognises its own compose bodies as compose-like (fixtures)', () => {
    for (const [site, dir] of [[gmailAdapter, 'gmail'], [outlookAdapter, 'outlook'], [yahooAdapter, 'yahoo']] as const) {
      loadFixture(dir, 'compose-new.html', 'http://127.0.0.1:18680/mail/');
      const editor = document.querySelector(site.spec.selectors.editor)!;
      // Even with the editor's own markers gone, the To field nearby says "compose".
      const bare = document.createElement('div');
      bare.setAttribute('contenteditable', 'true');
      editor.parentElement!.insertBefore(bare, editor);
      expect(site.looksLikeCompose(bare), dir).toBe(true);
    }
  });

  it('an opened message without a body element: fallback for reading', async () => {
    const { a, reports } = run(gmailAdapter, 'read-single.html', 'gmail');
    document.querySelector('div.a3s')!.className = 'renamed-body';
    started = startAdapter(a);
    await settle();
    expect(reports.at(-1)).toEqual({ adapter: 'gmail', state: 'fallback', view: 'read', missing: ['body'] });
    // The generic adapter finds the armored block in the page text instead.
    expect(started.read).toHaveLength(1);
    expect(started.read[0]!.blocks()[0]!.kind).toBe('message');
  });

  it('falls back once, however many broken views appear later', async () => {
    const { a, reports } = run(gmailAdapter, 'compose-new.html', 'gmail');
    document.querySelector('div.Am')!.className = 'x';
    started = startAdapter(a);
    await settle();
    document.body.appendChild(document.importNode(document.querySelector('div.M9')!, true));
    await settle();
    expect(reports.filter((r) => r.state === 'fallback')).toHaveLength(1);
  });
});

describe('adapter status in the background', () => {
  function memory(): StorageAreaLike & { data: Record<string, unknown> } {
    const data: Record<string, unknown> = {};
    return {
      data,
      get: async (k) => (typeof k === 'string' ? (k in data ? { [k]: data[k] } : {}) : { ...data }),
      set: async (items) => void Object.assign(data, items),
      remove: async (k) => void [k].flat().forEach((x) => delete data[x]),
    };
  }
  const deps = (s: StorageAreaLike) => ({ session: () => s, now: () => new Date('2026-01-01T00:00:00Z') });
  const report: AdapterStatusReport = { adapter: 'gmail', state: 'fallback', view: 'compose', missing: ['editor'] };
  const sender = (tabId: number, frameId: number) => ({ sender: { tab: { id: tabId } as never, frameId, url: 'https://mail.google.com/mail/u/0/#inbox' } });

  it('keeps the top frame report per tab in storage.session and gives it to the popup', async () => {
    const s = memory();
    await adapterStatusContentHandlers(deps(s)).reportAdapterStatus(report, sender(7, 0));
    await adapterStatusContentHandlers(deps(s)).reportAdapterStatus({ ...report, state: 'ok' }, sender(7, 3)); // a sub-frame: ignored
    const page = adapterStatusPageHandlers(deps(s));
    expect((await page.getAdapterStatus({ tabId: 7 }, { sender: {} })).status).toEqual({
      ...report,
      origin: 'https://mail.google.com',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect((await page.getAdapterStatus({ tabId: 8 }, { sender: {} })).status).toBeNull();
  });

  it('the payload is schema-checked (names and roles only)', () => {
    expect(contentSchemas.reportAdapterStatus.parse(report)).toEqual(report);
    expect(() => contentSchemas.reportAdapterStatus.parse({ ...report, state: 'broken' })).toThrow();
    expect(() => contentSchemas.reportAdapterStatus.parse({ ...report, missing: ['<img src=x>'] })).toThrow();
    expect(() => contentSchemas.reportAdapterStatus.parse({ ...report, extra: 1 })).toThrow();
  });
});
