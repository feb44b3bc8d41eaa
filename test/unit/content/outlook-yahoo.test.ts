// @vitest-environment happy-dom
// Outlook on the web and Yahoo Mail: the shared site-adapter cases (fixtures, self-check, views)
// and attachments (same-origin raw parts fetched only when a block opens, other origins refused),
// one table over both adapters.
import { afterEach, describe, expect, it } from 'vitest';
import { createOutlookAdapter, OUTLOOK, outlookAdapter } from '../../../src/content/adapters/outlook/adapter';
import { SELECTORS as OUTLOOK_SELECTORS } from '../../../src/content/adapters/outlook/selectors';
import { selfCheck as outlookSelfCheck } from '../../../src/content/adapters/outlook/self-check';
import { VIEWS as OUTLOOK_VIEWS } from '../../../src/content/adapters/outlook/views';
import { createYahooAdapter, YAHOO, yahooAdapter } from '../../../src/content/adapters/yahoo/adapter';
import { SELECTORS as YAHOO_SELECTORS } from '../../../src/content/adapters/yahoo/selectors';
import { selfCheck as yahooSelfCheck } from '../../../src/content/adapters/yahoo/self-check';
import { VIEWS as YAHOO_VIEWS } from '../../../src/content/adapters/yahoo/views';
import { isPgpAttachmentName } from '../../../src/content/site/attachments';
import { ARMOR, siteAdapterCases } from './gmail-outlook-yahoo-cases';
import { loadFixture, settle, startAdapter, type Started } from './fixtures';

const SITES = [
  {
    name: 'Outlook on the web',
    dir: 'outlook',
    adapter: outlookAdapter,
    create: createOutlookAdapter,
    spec: OUTLOOK,
    selectors: OUTLOOK_SELECTORS,
    selfCheck: outlookSelfCheck,
    views: OUTLOOK_VIEWS,
    page: 'http://127.0.0.1:18680/owa/',
    attachments: ['version.asc', 'encrypted.asc', 'notes.txt.pgp'],
    pgpParts: ['encrypted.asc', 'notes.txt.pgp'],
    encryptedUrl: 'GetFileAttachment?id=AAMkAD0002',
    foreignOrigin: 'https://attachments.office.net',
    refusal: /Outlook serves encrypted\.asc from another domain.*open the attachment from Outlook and drop it into Cachet/,
  },
  {
    name: 'Yahoo Mail',
    dir: 'yahoo',
    adapter: yahooAdapter,
    create: createYahooAdapter,
    spec: YAHOO,
    selectors: YAHOO_SELECTORS,
    selfCheck: yahooSelfCheck,
    views: YAHOO_VIEWS,
    page: 'http://127.0.0.1:18680/d/folders/1/messages/1',
    attachments: ['version.asc', 'encrypted.asc'],
    pgpParts: ['encrypted.asc'],
    encryptedUrl: '/content/parts/@.id==2/raw',
    foreignOrigin: 'https://apis.mail.yahoo.com',
    refusal: /Yahoo Mail serves encrypted\.asc from another domain.*open the attachment from Yahoo Mail and drop it into Cachet/,
  },
] as const;

for (const site of SITES) {
  describe(`${site.name} adapter`, () => {
    siteAdapterCases({
      adapter: site.adapter,
      dir: site.dir,
      views: site.views,
      selfCheck: site.selfCheck,
      newCompose: { to: ['bob@example.test'], cc: ['carol@example.test'], sender: 'alice.work@example.test' },
      replySender: 'alice@example.test',
    });
  });

  describe(`${site.name} attachments`, () => {
    let started: Started | undefined;
    afterEach(() => {
      started?.stop();
      started = undefined;
    });
    const openMessage = async (fetch: (u: URL) => Promise<string>) => {
      loadFixture(site.dir, 'read-pgpmime.html', site.page);
      started = startAdapter(site.create({ fetch }));
      await settle();
      expect(started.read).toHaveLength(1);
      return started.read[0]!;
    };

    it('lists the attachments of a read message with their download URLs; the OpenPGP parts are the .asc/.pgp ones', () => {
      loadFixture(site.dir, 'read-pgpmime.html', site.page);
      const message = document.querySelector(site.spec.selectors.message)!;
      const list = site.spec.attachments!(message);
      expect(list.map((a) => a.name)).toEqual(site.attachments);
      for (const a of list) expect(a.url.origin).toBe('http://127.0.0.1:18680');
      expect(list.filter((a) => isPgpAttachmentName(a.name)).map((a) => a.name)).toEqual(site.pgpParts);
      expect(list.find((a) => a.name === 'encrypted.asc')!.url.href).toContain(site.encryptedUrl);
    });

    it('PGP/MIME: encrypted.asc is fetched from its same-origin URL, not version.asc', async () => {
      const fetched: string[] = [];
      const view = await openMessage(async (u) => (fetched.push(u.href), ARMOR));
      const [block] = view.blocks();
      expect(block!.kind).toBe('pgp-mime-encrypted');
      expect(fetched).toEqual([]); // nothing is fetched until the block is opened
      expect(await (block!.armored as () => Promise<string>)()).toBe(ARMOR);
      expect(fetched).toHaveLength(1);
      expect(fetched[0]).toContain(site.encryptedUrl);
    });

    it('a part on another origin is refused with a clear message, and never fetched', async () => {
      const fetched: string[] = [];
      loadFixture(site.dir, 'read-pgpmime.html', site.page);
      for (const a of document.querySelectorAll(site.selectors.attachment)) a.setAttribute('href', site.foreignOrigin + a.getAttribute('href'));
      started = startAdapter(site.create({ fetch: async (u) => (fetched.push(u.href), ARMOR) }));
      await settle();
      const [block] = started.read[0]!.blocks();
      expect(block!.kind).toBe('pgp-mime-encrypted');
      await expect((block!.armored as () => Promise<string>)()).rejects.toThrow(site.refusal);
      expect(fetched).toEqual([]);
    });
  });
}
