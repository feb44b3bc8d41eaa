// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createYahooAdapter, YAHOO, yahooAdapter } from '../../../src/content/adapters/yahoo/adapter';
import { isPgpAttachmentName } from '../../../src/content/site/attachments';
import { SELECTORS } from '../../../src/content/adapters/yahoo/selectors';
import { selfCheck } from '../../../src/content/adapters/yahoo/self-check';
import { VIEWS } from '../../../src/content/adapters/yahoo/views';
import { ARMOR, siteAdapterCases } from './gmail-outlook-yahoo-cases';
import { loadFixture, settle, startAdapter, type Started } from './fixtures';

describe('Yahoo Mail adapter', () => {
  siteAdapterCases({
    adapter: yahooAdapter,
    dir: 'yahoo',
    views: VIEWS,
    selfCheck,
    newCompose: { to: ['bob@example.test'], cc: ['carol@example.test'], sender: 'alice.work@example.test' },
    replySender: 'alice@example.test',
  });
});

describe('Yahoo Mail attachments', () => {
  let started: Started | undefined;
  afterEach(() => {
    started?.stop();
    started = undefined;
  });
  const PAGE = 'http://127.0.0.1:18680/d/folders/1/messages/1';
  const openMessage = async (fetch: (u: URL) => Promise<string>) => {
    loadFixture('yahoo', 'read-pgpmime.html', PAGE);
    started = startAdapter(createYahooAdapter({ fetch }));
    await settle();
    expect(started.read).toHaveLength(1);
    return started.read[0]!;
  };

  it('lists the attachments of a read message with their download URLs; the OpenPGP parts are the .asc/.pgp ones', () => {
    loadFixture('yahoo', 'read-pgpmime.html', PAGE);
    const message = document.querySelector(YAHOO.selectors.message)!;
    const list = YAHOO.attachments!(message);
    expect(list.map((a) => a.name)).toEqual(['version.asc', 'encrypted.asc']);
    for (const a of list) expect(a.url.origin).toBe('http://127.0.0.1:18680');
    expect(list.filter((a) => isPgpAttachmentName(a.name)).map((a) => a.name)).toEqual(['encrypted.asc']);
    expect(list.find((a) => a.name === 'encrypted.asc')!.url.href).toContain('/content/parts/@.id==2/raw');
  });

  it('PGP/MIME: encrypted.asc is fetched from its same-origin URL, not version.asc', async () => {
    const fetched: string[] = [];
    const view = await openMessage(async (u) => (fetched.push(u.href), ARMOR));
    const [block] = view.blocks();
    expect(block!.kind).toBe('pgp-mime-encrypted');
    expect(fetched).toEqual([]); // nothing is fetched until the block is opened
    expect(await (block!.armored as () => Promise<string>)()).toBe(ARMOR);
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toContain('/content/parts/@.id==2/raw');
  });

  it('a part on another origin is refused with a clear message, and never fetched', async () => {
    const fetched: string[] = [];
    loadFixture('yahoo', 'read-pgpmime.html', PAGE);
    for (const a of document.querySelectorAll(SELECTORS.attachment)) a.setAttribute('href', 'https://apis.mail.yahoo.com' + a.getAttribute('href'));
    started = startAdapter(createYahooAdapter({ fetch: async (u) => (fetched.push(u.href), ARMOR) }));
    await settle();
    const [block] = started.read[0]!.blocks();
    expect(block!.kind).toBe('pgp-mime-encrypted');
    await expect((block!.armored as () => Promise<string>)()).rejects.toThrow(
      /Yahoo Mail serves encrypted\.asc from another domain.*open the attachment from Yahoo Mail and drop it into Cachet/,
    );
    expect(fetched).toEqual([]);
  });
});
