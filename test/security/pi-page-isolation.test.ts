/**
 * PI: what a hostile page, its content script or another extension can get out of the
 * background (the real router, real handlers), plus the manifest and source conventions
 * that keep our pages out of the page's reach. The in-browser halves (a hostile page
 * script, framing, forged postMessage) run in test/e2e (see README.md).
 */
import 'fake-indexeddb/auto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openDB } from 'idb';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { DECRYPTS_PER_MINUTE } from '../../src/background/mail/rate-limit';
import { pageSchemas } from '../../src/shared/schemas';
import { mailHarness, PASS } from '../unit/mail-background/harness';
import { EXTENSION_ID } from '../unit/background/fake-browser';
import { expectNoLeak, toAlice, world, type World } from './fixtures/background';
import { armorMessage } from './fixtures/messages';

let w: World;
beforeAll(async () => {
  w = await world();
}, 180_000);

const SECRET = 'PI-SECRET-plaintext-4711';
const send = (type: string, payload: unknown, sender: Runtime.MessageSender) => w.h.codeOf(w.h.bg.router.handle({ cachet: 1, type, payload }, sender).then((r) => {
  if (!(r as { ok: boolean }).ok) throw (r as { error: unknown }).error;
}));

describe('PI-05: only our pages reach privileged messages', () => {
  const hostileSenders: Record<string, Runtime.MessageSender> = {
    'content script': w0().content(),
    'content script in a subframe': w0().content(1, 5),
    'another extension': { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html' },
    'another extension claiming our URL': { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: `chrome-extension://${EXTENSION_ID}/options.html` },
    'a web page (externally)': { url: 'https://evil.example/' },
    'no sender at all': {},
  };

  it.each(Object.keys(hostileSenders))('PI-05: %s is refused every privileged message type', async (name) => {
    const sender = hostileSenders[name]!;
    for (const type of Object.keys(pageSchemas)) {
      expect(await send(type, {}, sender), `${name}: ${type}`).toBe('FORBIDDEN');
    }
  });

  it('PI-05: payloads outside the schema are refused before any handler runs', async () => {
    const options = w.h.senders.options;
    const bad = [
      ['exportKey', { fingerprint: w.k.alice.fingerprint, kind: 'private', passphrase: null, extra: 1 }],
      ['exportKey', { fingerprint: w.k.alice.fingerprint, kind: 'everything', passphrase: null }],
      ['getKey', { fingerprint: { toString: 'x' } }],
      ['getKey', JSON.parse('{"__proto__": {"admin": true}, "fingerprint": "x"}')],
      ['unlockKey', { fingerprint: w.k.alice.fingerprint, passphrase: 'x'.repeat(10_000_000) }],
      ['noSuchMessage', {}],
    ] as const;
    for (const [type, payload] of bad) expect(await send(type, payload, options), type).toMatch(/BAD_REQUEST|UNKNOWN_MESSAGE/);
  });

  it('PI-05: externally_connectable is empty: no page and no other extension may connect', () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as Record<string, unknown>;
    expect(manifest.externally_connectable).toEqual({ ids: [] });
  });

  it('PI-06: web-accessible resources are the three frame shells only (editor, viewer, page-API key generation), with dynamic URLs', () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as Record<string, unknown>;
    const war = manifest.web_accessible_resources as Array<{ resources: string[]; use_dynamic_url?: boolean }>;
    const resources = war.flatMap((e) => e.resources);
    // PI-03 / PI-06: only the frame shells and their assets, never options/popup, and never the
    // page-API import confirmation (an extension window no page may frame).
    for (const r of resources) expect(r).toMatch(/^(compose|read|page-api-keygen)\.(html|js)$|^css\/(pages|frame)\.css$/);
    expect(resources.some((r) => r.startsWith('page-api-import'))).toBe(false);
    expect(war.every((e) => e.use_dynamic_url === true)).toBe(true);
  });
});

describe('PI-02 / PI-03: frames act only on background-issued session ids, bound to their tab', () => {
  it('PI-03: unknown, guessed, reused and cross-tab session ids are refused', async () => {
    const armored = armorMessage(await toAlice(w, SECRET));
    const opened = await w.h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: null });
    const { sessionId } = opened;
    expect(sessionId.length).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(opened)).not.toContain(SECRET);
    // The page can read our iframe's src: the content script makes it from runtime.getURL
    // (no session in it); the answer names no URL, only the session and its first claim token.
    expect(Object.keys(opened).sort()).toEqual(['claim', 'sessionId']);
    expect(opened.claim).toMatch(/^[0-9a-f]{32}$/);
    for (const forged of ['0', 'x'.repeat(sessionId.length), sessionId.slice(0, -1), `${sessionId}x`]) {
      expect(await w.h.codeOf(w.h.frame('read.html', forged, 'decryptReadSession', { sessionId: forged, passphrase: null }))).not.toBe('ok');
    }
    // A frame bound to one session cannot act on another's.
    const other = await w.h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: null });
    expect(await w.h.codeOf(w.h.frame('read.html', other.sessionId, 'decryptReadSession', { sessionId, passphrase: null }))).not.toBe('ok');
    expect(await w.h.codeOf(w.h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null }, 9))).not.toBe('ok');
    await w.h.content('closeSession', { sessionId });
    expect(await w.h.codeOf(w.h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null }))).not.toBe('ok');
    expectNoLeak(w, SECRET);
  });

  // The one window message listener allowed in our pages: the page-API editor's Firefox wake-up
  // (Firefox does not deliver the background's runtime broadcast to an extension frame inside a
  // web page). A forged wake-up only makes the frame pull its state again from the background;
  // the handler must do nothing but that.
  const WAKE_ONLY = new Set(['src/pages/compose/page-api-editor.tsx', 'src/pages/page-api-keygen/keygen-app.tsx']);
  const wakeOnly = (path: string, text: string): boolean => {
    if (!WAKE_ONLY.has(path.replace(/\\/g, '/'))) return false;
    const body = /const onWake = \(e: MessageEvent\) => \{([\s\S]*?)\n    \};/.exec(text)?.[1] ?? '';
    const actions = body.replace(/\/\/.*$/gm, '').match(/\b[a-zA-Z_$][\w$]*\(/g) ?? [];
    return body.includes('e.source !== window.parent') && actions.every((a) => a === 'refresh(');
  };
  // And our frames' session claim (PI-03, frame-session.ts): it may only parse a claim and hand
  // it to the background, which checks the single-use token; one listener in that file.
  const claimOnly = (path: string, text: string): boolean => {
    if (path.replace(/\\/g, '/') !== 'src/pages/read/frame-session.ts') return false;
    const body = /const onClaim = \(e: MessageEvent\): void => \{([\s\S]*?)\n  \};/.exec(text)?.[1] ?? '';
    const actions = body.replace(/\/\/.*$/gm, '').match(/\b[a-zA-Z_$][\w$]*\(/g) ?? [];
    const listeners = text.match(/addEventListener\(\s*['"]message['"]/g)?.length ?? 0;
    return listeners === 1 && body.includes('e.source !== win.parent') && actions.length > 0 && actions.every((a) => a === 'parseClaim(' || a === 'claim(');
  };

  it('PI-03: a copy of our frame holding the live session id (and even a replayed claim) gets nothing', async () => {
    const armored = armorMessage(await toAlice(w, SECRET));
    const { sessionId } = await w.h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: null });
    const { token } = await w.h.send<{ token: string }>('issueFrameClaim', { sessionId }, w.h.senders.content());
    const ours = w.h.senders.frame('read.html', 41);
    const copy = w.h.senders.frame('read.html', 42);
    const decrypt = (sender: Runtime.MessageSender) => w.h.codeOf(w.h.send('decryptReadSession', { sessionId, passphrase: null }, sender));
    // Before any claim, even our own frame is refused; the copy cannot claim without the token.
    expect(await decrypt(copy)).toBe('FORBIDDEN');
    expect(await w.h.codeOf(w.h.send('claimFrame', { sessionId, token: 'f'.repeat(32) }, copy))).toBe('FORBIDDEN');
    await w.h.send('claimFrame', { sessionId, token }, ours);
    expect(await w.h.codeOf(w.h.send('claimFrame', { sessionId, token }, copy))).toBe('FORBIDDEN');
    for (const type of ['getReadSession', 'getReadPacketInfo', 'resizeFrame'] as const) {
      expect(await w.h.codeOf(w.h.send(type, type === 'resizeFrame' ? { sessionId, height: 100 } : { sessionId }, copy)), type).toBe('FORBIDDEN');
    }
    expect(await decrypt(copy)).toBe('FORBIDDEN');
    expect(await decrypt(ours)).toBe('ok');
    expectNoLeak(w, SECRET);
  });

  it('PI-02: no source file posts to the page with a wildcard origin or trusts message events for control', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (/postMessage\([^)]*['"]\*['"]/.test(text)) offenders.push(`${path}: postMessage to '*'`);
          if (/src\/(background|pages)\//.test(path) && /addEventListener\(\s*['"]message['"]/.test(text) && !wakeOnly(path, text) && !claimOnly(path, text)) {
            offenders.push(`${path}: window message listener`);
          }
        }
      }
    };
    walk('src/background');
    walk('src/pages');
    walk('src/content');
    expect(offenders).toEqual([]);
  });
});

describe('PI-04: the page cannot drive key operations', () => {
  it(`PI-04: a content script cannot decrypt, sign or export; our frame is rate-limited to ${DECRYPTS_PER_MINUTE}/min per session`, async () => {
    const armored = armorMessage(await toAlice(w, SECRET));
    for (const type of ['decryptReadSession', 'submitCompose', 'exportKey', 'unlockKey', 'getComposeQuote']) {
      expect(await send(type, {}, w.h.senders.content()), type).toBe('FORBIDDEN');
    }
    const { sessionId } = await w.h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: null });
    const codes: string[] = [];
    for (let i = 0; i < DECRYPTS_PER_MINUTE + 5; i++) codes.push(await w.h.codeOf(w.h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null })));
    expect(codes.filter((c) => c === 'ok').length).toBe(DECRYPTS_PER_MINUTE);
    expect(codes.slice(DECRYPTS_PER_MINUTE).every((c) => c !== 'ok')).toBe(true);
  });
});

describe('PI-07: the background dies after unlock or mid-operation', () => {
  it('PI-07: nothing decrypted is ever persisted; after a restart the key is restored or asked for again', async () => {
    const h = mailHarness();
    const alice = (await h.page('generateKey', { name: 'A', emails: ['a@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null })).key;
    await h.page('unlockKey', { fingerprint: alice.fingerprint, passphrase: PASS });
    const pub = (await h.page('exportKey', { fingerprint: alice.fingerprint, kind: 'public', passphrase: null })).armored;
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: SECRET }), encryptionKeys: await openpgp.readKey({ armoredKey: pub }) });
    const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind: 'message', armored, sender: null });
    expect((await h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null })).text).toBe(SECRET);
    // A second background on the same storage: the worker was killed and restarted.
    const again = mailHarness({ shared: { browser: h.browser, dbName: h.dbName } });
    const r = await again.codeOf(again.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null }));
    expect(['ok', 'PASSPHRASE_REQUIRED']).toContain(r);
    // Nowhere on disk: storage.local, storage.session (holds the unlocked key, never plaintext), IndexedDB.
    expect(JSON.stringify([...h.browser.storage.local.data.values()])).not.toContain(SECRET);
    expect(JSON.stringify([...h.browser.storage.session.data.values()])).not.toContain(SECRET);
    const db = await openDB(h.dbName);
    for (const store of db.objectStoreNames) expect(JSON.stringify(await db.getAll(store)), store).not.toContain(SECRET);
    db.close();
    expect(JSON.stringify(h.pushes)).not.toContain(SECRET);
  });
});

/** Sender builders usable before beforeAll ran (they do not need the world). */
function w0() {
  const tab = (id: number) => ({ id, index: 0, highlighted: false, active: true, pinned: false, incognito: false });
  return {
    content: (tabId = 1, frameId = 0): Runtime.MessageSender => ({ id: EXTENSION_ID, url: 'https://mail.example.org/inbox', tab: tab(tabId), frameId }),
  };
}
