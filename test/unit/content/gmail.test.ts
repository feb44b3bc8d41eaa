// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGmailAdapter, gmailAdapter } from '../../../src/content/adapters/gmail/adapter';
import { fetchSameOrigin } from '../../../src/content/site/read';
import { selfCheck } from '../../../src/content/adapters/gmail/self-check';
import { VIEWS } from '../../../src/content/adapters/gmail/views';
import { ARMOR, siteAdapterCases } from './gmail-outlook-yahoo-cases';
import { fixtureHtml, loadFixture, settle, startAdapter, type Started } from './fixtures';

describe('Gmail adapter', () => {
  siteAdapterCases({
    adapter: gmailAdapter,
    dir: 'gmail',
    views: VIEWS,
    selfCheck,
    // The From row holds a "send as" alias: that is the sender, not the account.
    newCompose: { to: ['bob@example.test'], cc: ['carol@example.test'], sender: 'alice.work@example.test' },
    replySender: 'alice@example.test',
  });
});

describe('Gmail traps', () => {
  let started: Started | undefined;
  afterEach(() => started?.stop());

  it('a clipped message is never decrypted in part: the block comes from "View entire message"', async () => {
    const fetched: string[] = [];
    const adapter = createGmailAdapter({
      fetch: async (url) => {
        fetched.push(url.href);
        return fixtureHtml('gmail', 'full-message.html');
      },
    });
    loadFixture('gmail', 'read-clipped.html', 'http://127.0.0.1:18680/mail/u/0/');
    started = startAdapter(adapter);
    await settle();
    const blocks = started.read[0]!.blocks();
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.kind).toBe('message');
    // Nothing is fetched until the block is opened; the shown prefix is never handed over.
    expect(typeof blocks[0]!.armored).toBe('function');
    expect(fetched).toEqual([]);
    const armored = await (blocks[0]!.armored as () => Promise<string>)();
    expect(armored).toBe(ARMOR);
    expect(fetched).toHaveLength(1);
    const url = new URL(fetched[0]!);
    expect(url.origin).toBe('http://127.0.0.1:18680');
    expect(url.searchParams.get('view')).toBe('lg');
  });

  it('a clipped full view without a complete block fails instead of decrypting a part', async () => {
    const adapter = createGmailAdapter({ fetch: async () => '<html><body>-----BEGIN PGP MESSAGE-----<br>abc</body></html>' });
    loadFixture('gmail', 'read-clipped.html', 'http://127.0.0.1:18680/mail/u/0/');
    started = startAdapter(adapter);
    await settle();
    const block = started.read[0]!.blocks()[0]!;
    await expect((block.armored as () => Promise<string>)()).rejects.toThrow(/no complete armored block/);
  });

  it('a "View entire message" link to another origin is not followed', async () => {
    const fetched: string[] = [];
    const adapter = createGmailAdapter({ fetch: async (u) => (fetched.push(u.href), '') });
    loadFixture('gmail', 'read-clipped.html', 'http://127.0.0.1:18680/mail/u/0/');
    document.querySelector('div.iX a')!.setAttribute('href', 'https://attacker.example/?view=lg');
    started = startAdapter(adapter);
    await settle();
    expect(started.read[0]!.blocks()).toEqual([]);
    expect(fetched).toEqual([]);
  });

  it('PGP/MIME: the encrypted.asc attachment is fetched from its same-origin download URL', async () => {
    const fetched: string[] = [];
    const adapter = createGmailAdapter({ fetch: async (u) => (fetched.push(u.href), ARMOR) });
    loadFixture('gmail', 'read-pgpmime.html', 'http://127.0.0.1:18680/mail/u/0/');
    started = startAdapter(adapter);
    await settle();
    const [block] = started.read[0]!.blocks();
    expect(block!.kind).toBe('pgp-mime-encrypted');
    expect(await (block!.armored as () => Promise<string>)()).toBe(ARMOR);
    expect(new URL(fetched[0]!).searchParams.get('attid')).toBe('0.2'); // encrypted.asc, not version.asc
  });

  // Gmail answers an attachment download with a redirect to another domain
  // (googleusercontent.com). Cachet fetches same-origin only, so it does not follow it; the
  // user is told to open the attachment from Gmail and drop it into Cachet.
  it('encrypted.asc whose download redirects: a clear "open it from Gmail and drop it into Cachet" error', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const stub = vi.fn(async (input: string, init?: RequestInit) => {
      calls.push([input, init]);
      return { type: 'opaqueredirect', redirected: false, status: 0, ok: false, text: async () => '' } as unknown as Response;
    });
    vi.stubGlobal('fetch', stub);
    try {
      loadFixture('gmail', 'read-pgpmime.html', 'http://127.0.0.1:18680/mail/u/0/');
      started = startAdapter(createGmailAdapter()); // the real fetcher, over the stubbed fetch
      await settle();
      const [block] = started.read[0]!.blocks();
      await expect((block!.armored as () => Promise<string>)()).rejects.toThrow(
        /Gmail serves encrypted\.asc from another domain.*open the attachment from Gmail and drop it into Cachet/,
      );
      expect(calls).toHaveLength(1);
      // Never followed: the browser is asked not to, and the cookie stays on this origin.
      expect(calls[0]![1]).toMatchObject({ redirect: 'manual', credentials: 'same-origin' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the same-origin fetcher returns a direct answer and refuses a followed redirect or an error status', async () => {
    const answers = [
      { type: 'basic', redirected: false, status: 200, ok: true, text: async () => ARMOR },
      { type: 'basic', redirected: true, status: 200, ok: true, text: async () => 'elsewhere' },
      { type: 'basic', redirected: false, status: 404, ok: false, text: async () => '' },
    ];
    vi.stubGlobal('fetch', async () => answers.shift() as unknown as Response);
    try {
      const url = new URL('http://127.0.0.1:18680/mail/u/0/?view=att');
      expect(await fetchSameOrigin(url)).toBe(ARMOR);
      await expect(fetchSameOrigin(url)).rejects.toThrow(/redirected/);
      await expect(fetchSameOrigin(url)).rejects.toThrow(/download failed \(404\)/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('lists attachments with their names and same-origin URLs (Gmail download_url chips)', () => {
    loadFixture('gmail', 'read-pgpmime.html', 'http://127.0.0.1:18680/mail/u/0/');
    const list = createGmailAdapter().spec.attachments!(document.querySelector('div.adn')!);
    expect(list.map((a) => a.name)).toEqual(['version.asc', 'encrypted.asc']);
    expect(list.every((a) => a.url.origin === 'http://127.0.0.1:18680')).toBe(true);
  });
});
