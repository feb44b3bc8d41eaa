import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { CachetError } from '../../../src/core/errors';
import { createRouter, type ContentHandlers, type PageHandlers } from '../../../src/background/router';
import { contentSchemas, pageSchemas } from '../../../src/shared/schemas';
import type { Reply } from '../../../src/shared/protocol';
import { EXTENSION_ID } from './fake-browser';

const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const FPR = '0123456789ABCDEF0123456789ABCDEF01234567';

function notUsed(): Promise<never> {
  return Promise.reject(new Error('not used in this test'));
}

function setup() {
  const calls: string[] = [];
  const page = {
    listKeys: async () => {
      calls.push('listKeys');
      return { keys: [], quarantined: [] };
    },
    getKey: async ({ fingerprint }: { fingerprint: string }) => {
      calls.push(`getKey ${fingerprint}`);
      throw new CachetError('KEY_NOT_FOUND');
    },
    lockAll: async () => {
      // An unexpected failure whose text carries something secret.
      throw new Error('boom with passphrase hunter2 at stack');
    },
  } as Partial<PageHandlers>;
  for (const k of Object.keys(pageSchemas)) (page as Record<string, unknown>)[k] ??= notUsed;
  // Other content messages (mail, lookup, page API…) are routed like any other; their handlers
  // are tested with their features. Only ping answers here.
  const content = {
    ping: async () => {
      calls.push('ping');
      return { version: '0.1.0' };
    },
  } as Partial<ContentHandlers>;
  for (const k of Object.keys(contentSchemas)) (content as Record<string, unknown>)[k] ??= notUsed;
  const onInternalError = vi.fn();
  const router = createRouter({
    runtimeId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    page: { handlers: page as PageHandlers, schemas: pageSchemas },
    content: { handlers: content as ContentHandlers, schemas: contentSchemas },
    onInternalError,
  });
  return { router, calls, onInternalError };
}

const tab = { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false } as Runtime.MessageSender['tab'];
const senders: Record<string, Runtime.MessageSender> = {
  optionsPage: { id: EXTENSION_ID, url: `${ORIGIN}options.html` },
  ourFrameInTab: { id: EXTENSION_ID, url: `${ORIGIN}read.html#x`, tab, frameId: 3 },
  contentScript: { id: EXTENSION_ID, url: 'https://mail.example.org/inbox', tab, frameId: 0 },
  otherExtension: { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html' },
  otherExtensionClaimingOurUrl: { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: `${ORIGIN}options.html` },
  missingId: { url: `${ORIGIN}options.html` },
  ourIdNoTabForeignUrl: { id: EXTENSION_ID, url: 'https://evil.example/' },
  lookalikeOrigin: { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}x/options.html` },
  otherSchemeSameHost: { id: EXTENSION_ID, url: `moz-extension://${EXTENSION_ID}/options.html` },
};

const env = (type: string, payload: unknown = {}) => ({ cachet: 1, type, payload });

function code(r: Reply<unknown>): string {
  return r.ok ? 'ok' : r.error.code;
}

describe('router: sender privilege', () => {
  it.each([
    ['optionsPage', 'listKeys', 'ok'],
    ['ourFrameInTab', 'listKeys', 'ok'],
    ['contentScript', 'ping', 'ok'],
    ['contentScript', 'listKeys', 'FORBIDDEN'],
    ['contentScript', 'lockAll', 'FORBIDDEN'],
    ['optionsPage', 'ping', 'FORBIDDEN'],
    ['otherExtension', 'listKeys', 'FORBIDDEN'],
    ['otherExtension', 'ping', 'FORBIDDEN'],
    ['otherExtensionClaimingOurUrl', 'listKeys', 'FORBIDDEN'],
    ['missingId', 'listKeys', 'FORBIDDEN'],
    ['ourIdNoTabForeignUrl', 'ping', 'FORBIDDEN'],
    ['lookalikeOrigin', 'listKeys', 'FORBIDDEN'],
    ['otherSchemeSameHost', 'listKeys', 'FORBIDDEN'],
  ])('%s sending %s → %s', async (who, type, expected) => {
    const { router, calls } = setup();
    const reply = await router.handle(env(type), senders[who] as Runtime.MessageSender);
    expect(code(reply)).toBe(expected);
    if (expected !== 'ok') expect(calls).toEqual([]);
  });

  it('a refused sender learns nothing about the message (FORBIDDEN even for garbage)', async () => {
    const { router } = setup();
    expect(code(await router.handle('garbage', senders.otherExtension as Runtime.MessageSender))).toBe('FORBIDDEN');
  });
});

describe('router: envelopes and schemas', () => {
  const page = senders.optionsPage as Runtime.MessageSender;

  it.each([
    ['a string', 'listKeys'],
    ['no marker', { type: 'listKeys', payload: {} }],
    ['wrong marker', { cachet: 2, type: 'listKeys', payload: {} }],
    ['extra envelope field', { cachet: 1, type: 'listKeys', payload: {}, f: 'exportKey' }],
    ['type not a string', { cachet: 1, type: ['listKeys'], payload: {} }],
    ['null', null],
    ['array', [1, 'listKeys', {}]],
  ])('wrong envelope (%s) → BAD_REQUEST', async (_label, message) => {
    const { router, calls } = setup();
    expect(code(await router.handle(message, page))).toBe('BAD_REQUEST');
    expect(calls).toEqual([]);
  });

  it.each(['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])('unknown type %s → UNKNOWN_MESSAGE', async (t) => {
    const { router } = setup();
    expect(code(await router.handle(env(t), page))).toBe('UNKNOWN_MESSAGE');
  });

  it.each([
    ['unknown property', { fingerprint: FPR, extra: 1 }],
    ['wrong type', { fingerprint: 42 }],
    ['oversize', { fingerprint: 'A'.repeat(100_000) }],
    ['missing payload property', {}],
    ['payload not an object', 'x'],
  ])('payload with %s → BAD_REQUEST and the handler never runs', async (_label, payload) => {
    const { router, calls } = setup();
    expect(code(await router.handle(env('getKey', payload), page))).toBe('BAD_REQUEST');
    expect(calls).toEqual([]);
  });

  it('a valid payload reaches the handler; thrown CachetErrors keep their code', async () => {
    const { router, calls } = setup();
    const reply = await router.handle(env('getKey', { fingerprint: FPR }), page);
    expect(reply).toEqual({ ok: false, error: { code: 'KEY_NOT_FOUND' } });
    expect(calls).toEqual([`getKey ${FPR}`]);
  });

  it('other errors become INTERNAL with no text, stack or secret', async () => {
    const { router, onInternalError } = setup();
    const reply = await router.handle(env('lockAll'), page);
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
    expect(onInternalError).toHaveBeenCalledWith('lockAll', 'Error');
  });

  it('the onMessage listener answers through sendResponse and keeps the channel open', async () => {
    const { router } = setup();
    const reply = await new Promise((resolve) => {
      expect(router.listener(env('listKeys'), page, resolve)).toBe(true);
    });
    expect(reply).toEqual({ ok: true, value: { keys: [], quarantined: [] } });
  });
});
