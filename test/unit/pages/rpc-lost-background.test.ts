// A reply lost because the background stopped (issue 7 §3) reaches the user as
// BACKGROUND_RESTARTED ("Cachet restarted…, try again"), not a bare INTERNAL; other transport
// failures stay INTERNAL. The rejection texts are the ones Chromium 156 and Firefox ESR 153
// give runtime.sendMessage (the e2e fault tests in test/e2e/faults see the same).
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { call, isLostBackground, RpcError, toRpcError } from '../../../src/pages/lib/rpc';

const LOST = [
  'The message port closed before a response was received.',
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
  'Could not establish connection. Receiving end does not exist.',
  'Message manager disconnected',
  'Promised response from onMessage listener went out of scope',
];
const OTHER = ['Extension context invalidated.', 'out of memory', ''];

function stubSendMessage(reject: unknown): void {
  const api = {
    runtime: { sendMessage: () => Promise.reject(reject), openOptionsPage: () => Promise.resolve() },
    i18n: { getMessage: () => '', getUILanguage: () => 'en' },
  };
  (globalThis as { browser?: unknown }).browser = api;
}

afterEach(() => {
  delete (globalThis as { browser?: unknown }).browser;
});

describe('page rpc: a background lost mid-request', () => {
  it.each(LOST)('maps "%s" to BACKGROUND_RESTARTED', async (text) => {
    expect(isLostBackground(new Error(text))).toBe(true);
    expect(toRpcError(new Error(text)).code).toBe('BACKGROUND_RESTARTED');
    stubSendMessage(new Error(text));
    const failure = await call('listKeys', {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(RpcError);
    expect((failure as RpcError).code).toBe('BACKGROUND_RESTARTED');
  });

  it.each(OTHER)('keeps "%s" as INTERNAL', async (text) => {
    expect(isLostBackground(new Error(text))).toBe(false);
    expect(toRpcError(new Error(text)).code).toBe('INTERNAL');
    stubSendMessage(new Error(text));
    await expect(call('listKeys', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('maps an Error of another realm (Firefox frames get the API realm\'s errors) by its message', async () => {
    const foreign = runInNewContext('new Error("Promised response from onMessage listener went out of scope")') as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(isLostBackground(foreign)).toBe(true);
    stubSendMessage(foreign);
    await expect(call('listKeys', {})).rejects.toMatchObject({ code: 'BACKGROUND_RESTARTED' });
    expect(toRpcError(runInNewContext('new Error("out of memory")')).code).toBe('INTERNAL');
  });

  it('leaves codes that came from the background alone', () => {
    expect(toRpcError(new RpcError('WRONG_PASSPHRASE')).code).toBe('WRONG_PASSPHRASE');
    expect(toRpcError('Receiving end does not exist').code).toBe('BACKGROUND_RESTARTED');
    expect(toRpcError({ message: 'message port closed' }).code).toBe('INTERNAL'); // not an Error: unknown
  });
});
