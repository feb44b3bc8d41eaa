/**
 * The cases every site adapter (Gmail, Outlook, Yahoo) must pass on its fixtures; each
 * adapter's test file runs them and adds its own (Gmail: clipped messages, PGP/MIME).
 * Expectations come from the fixture markup and the Roundcube fixture's gpg armor (the same
 * ciphertext was put into every site fixture), never from the code under test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pickAdapter } from '../../../src/content/adapters/registry';
import { createController } from '../../../src/content/controller';
import type { SiteAdapter } from '../../../src/content/site/adapter';
import type { SiteComposeView } from '../../../src/content/site/compose';
import type { SelfCheck } from '../../../src/content/site/self-check';
import { inlineArmorFromMarkup, loadFixture, parseFixture, settle, startAdapter, type Started } from './fixtures';

export const ARMOR = inlineArmorFromMarkup();

export interface SiteCase {
  adapter: SiteAdapter;
  /** The adapter's self-check (src/content/adapters/<id>/self-check.ts). */
  selfCheck(doc: Document): SelfCheck;
  dir: string;
  views: Record<string, { fixture: string; view: 'compose' | 'read' }>;
  /** Addresses shown in compose-new.html (to, cc) and its From identity. */
  newCompose: { to: string[]; cc: string[]; sender: string };
  /** What getSender says in compose-reply.html (no From row: the account). */
  replySender: string;
}

function fakeBackground() {
  const calls: Array<{ type: string; payload: Record<string, unknown> }> = [];
  let n = 0;
  const send = async (type: string, payload: unknown): Promise<never> => {
    calls.push({ type, payload: payload as Record<string, unknown> });
    n += 1;
    return (type === 'closeSession' ? {} : { sessionId: `s${n}`, claim: 'c'.repeat(32) }) as never;
  };
  return { calls, send };
}

export function siteAdapterCases(c: SiteCase): void {
  const { adapter, dir } = c;
  const s = adapter.spec.selectors;
  let started: Started | undefined;
  afterEach(() => started?.stop());
  const load = (name: string): Document => loadFixture(dir, name, 'http://127.0.0.1:18680/mail/');

  describe(`${adapter.id}: detection and self-check`, () => {
    it.each(Object.entries(c.views))('%s: picked on a loopback copy, the self-check finds the view and no mismatch', (_, v) => {
      const doc = load(v.fixture);
      expect(pickAdapter(doc).id).toBe(adapter.id);
      const check = c.selfCheck(parseFixture(dir, v.fixture));
      expect(check.app).toBe(true);
      expect(check.views[v.view]).toBeGreaterThan(0);
      expect(check.mismatches).toEqual([]);
    });

    it('is not picked for pages of the other webmails or plain pages', () => {
      expect(adapter.detect(parseFixture('generic', 'contenteditable.html'))).toBe(false);
      expect(adapter.detect(parseFixture('roundcube', 'compose-plain.html'))).toBe(false);
    });
  });

  describe(`${adapter.id}: compose`, () => {
    const composeOf = async (name: string): Promise<SiteComposeView> => {
      load(name);
      started = startAdapter(adapter);
      await settle();
      expect(started.compose).toHaveLength(1);
      return started.compose[0] as SiteComposeView;
    };

    it('new message: recipients from the chips, the chosen From identity, the button before the toolbar', async () => {
      const v = await composeOf('compose-new.html');
      expect(v.getRecipients()).toEqual({ to: c.newCompose.to, cc: c.newCompose.cc, bcc: [] });
      expect(v.getSender()).toBe(c.newCompose.sender);
      expect(v.buttonAnchor.matches(s.anchor)).toBe(true);
      expect(v.editorElement.matches(s.editor)).toBe(true);
      expect(v.getQuotedArmored()).toBeNull();
    });

    it('writes the armor one <div> per line and reads it back byte for byte', async () => {
      const v = await composeOf('compose-new.html');
      v.writeBody(ARMOR);
      const editor = v.editorElement;
      const lines = ARMOR.slice(0, -1).split('\n');
      expect(editor.children).toHaveLength(lines.length);
      expect([...editor.children].every((d) => d.tagName === 'DIV')).toBe(true);
      expect(editor.children[1]?.innerHTML).toBe('<br>'); // the blank line after the armor header line (RFC 9580 §6.2)
      expect(v.readBody()).toBe(ARMOR);
    });

    it('reply: the quoted armor is offered to the secure editor, the sender is the account', async () => {
      const v = await composeOf('compose-reply.html');
      expect(v.getQuotedArmored()).toBe(ARMOR);
      expect(v.getSender()).toBe(c.replySender);
      expect(v.getRecipients().to).toEqual(['alice@example.test']);
    });

    it('inline reply under an opened message: one compose view and one read view', async () => {
      load('compose-inline-reply.html');
      started = startAdapter(adapter);
      await settle();
      expect(started.compose).toHaveLength(1);
      expect(started.read).toHaveLength(1);
      expect(started.compose[0]?.getQuotedArmored()).toBe(ARMOR);
    });

    it('pop-out window: the compose view is found on its own', async () => {
      const v = await composeOf('compose-popout.html');
      expect(v.getRecipients().to).toEqual(['bob@example.test']);
    });

    it('an armored block pasted into the HTML editor (<div> per line, nbsp, <wbr>) reads back exactly', async () => {
      const v = await composeOf('compose-pasted-armor.html');
      expect(v.editorElement.querySelectorAll('div').length).toBeGreaterThan(5);
      expect(v.editorElement.innerHTML).toContain('<wbr>');
      expect(v.readBody()).toBe(ARMOR);
    });

    it('a compose view rendered later (the user clicks Compose) is found once', async () => {
      load('read-single.html');
      started = startAdapter(adapter);
      await settle();
      expect(started.compose).toHaveLength(0);
      const fresh = parseFixture(dir, 'compose-new.html').querySelector(s.composeRoot)!;
      document.body.appendChild(document.importNode(fresh, true));
      await settle();
      document.body.appendChild(document.createElement('span')); // unrelated mutation: no second view
      await settle();
      expect(started.compose).toHaveLength(1);
    });
  });

  describe(`${adapter.id}: read`, () => {
    const viewsOf = async (name: string) => {
      load(name);
      started = startAdapter(adapter);
      await settle();
      return started.read;
    };

    it('single message: one block, the armor as sent, the sender address', async () => {
      const views = await viewsOf('read-single.html');
      expect(views).toHaveLength(1);
      const blocks = views[0]!.blocks();
      expect(blocks).toHaveLength(1);
      expect(blocks[0]).toMatchObject({ kind: 'message', armored: ARMOR });
      expect(blocks[0]!.element.matches(s.body)).toBe(true);
      expect(views[0]!.sender()).toBe('alice@example.test');
    });

    it('thread: only the opened message is read, its quoted history is not (MP-07); opening another adds it', async () => {
      const views = await viewsOf('read-thread.html');
      expect(views).toHaveLength(1);
      expect(views[0]!.blocks()).toHaveLength(1); // own armor only, not the quoted copy
      // The user opens the first (collapsed) message: the webmail renders its body.
      const first = document.querySelector(`${s.message}[aria-expanded="false"]`)!;
      const body = parseFixture(dir, 'read-single.html').querySelector(s.body)!;
      first.setAttribute('aria-expanded', 'true');
      first.appendChild(document.importNode(body, true));
      await settle();
      expect(started!.read).toHaveLength(2);
    });

    it('soft breaks (<wbr>, zero-width space, soft hyphen) inside long lines are repaired', async () => {
      const views = await viewsOf('read-soft-breaks.html');
      expect(document.querySelector(s.body)!.innerHTML).toContain('<wbr>');
      expect(views[0]!.blocks()).toMatchObject([{ kind: 'message', armored: ARMOR }]);
    });

    it('the page re-renders the body: the frame is put back once, the message is not opened twice', async () => {
      load('read-single.html');
      const bg = fakeBackground();
      const ac = new AbortController();
      const ctl = createController(adapter, bg.send, ac.signal, (page) => `chrome-extension://id/${page}`);
      adapter.start({ doc: document, signal: ac.signal, onCompose: ctl.onCompose, onRead: ctl.onRead });
      await settle();
      expect(bg.calls.filter((x) => x.type === 'openReadSession')).toHaveLength(1);
      const body = document.querySelector(s.body)!;
      const frame = body.previousElementSibling!;
      expect(frame.tagName).toBe('IFRAME');
      // The webmail re-renders: frame and body replaced by a fresh body.
      frame.remove();
      const fresh = body.cloneNode(true) as HTMLElement;
      fresh.style.removeProperty('display');
      body.replaceWith(fresh);
      await settle();
      expect(bg.calls.filter((x) => x.type === 'openReadSession')).toHaveLength(1);
      expect(fresh.previousElementSibling?.tagName).toBe('IFRAME');
      expect(document.querySelectorAll('iframe')).toHaveLength(1);
      ac.abort();
      ctl.stop();
    });
  });
}

