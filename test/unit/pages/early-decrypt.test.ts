// Read latency (issue 3 §7): when the claim's answer says the session decrypts without a click
// (auto-decrypt on, key unlocked), the read frame sends decryptReadSession right after the claim,
// before its app renders; the app's first passphrase-less attempt takes that answer, once.
// Without auto-decrypt nothing is sent before the user's click.
import { afterEach, describe, expect, it } from 'vitest';
import { claimAndDecrypt, takeEarlyDecrypt } from '../../../src/pages/read/early-decrypt';

const SESSION = '0f8fad5b-d9cb-469f-a165-70867728950e';
const CLAIM = { sessionId: SESSION, token: 'a'.repeat(32) };

function stubBackground(answers: Record<string, unknown>): Array<{ type: string; payload: unknown }> {
  const sent: Array<{ type: string; payload: unknown }> = [];
  const api = {
    runtime: {
      sendMessage: async (m: { type: string; payload: unknown }) => {
        sent.push({ type: m.type, payload: m.payload });
        return { ok: true, value: answers[m.type] };
      },
      openOptionsPage: () => Promise.resolve(),
    },
    i18n: { getMessage: () => '', getUILanguage: () => 'en' },
  };
  (globalThis as { browser?: unknown }).browser = api;
  return sent;
}

afterEach(() => {
  delete (globalThis as { browser?: unknown }).browser;
});

describe('read frame: decryption sent with the claim when it is automatic', () => {
  it('auto-decrypt: claim, then decryptReadSession at once; the app takes that answer once', async () => {
    const result = { text: 'hi', html: null, attachments: [], nestedEncrypted: 0, signatures: [], signedScope: 'none' };
    const sent = stubBackground({
      claimFrame: { kind: 'read', read: { kind: 'message', sender: null, locked: false, autoDecrypt: true } },
      decryptReadSession: result,
    });
    const answer = await claimAndDecrypt(CLAIM);
    expect(answer.read?.autoDecrypt).toBe(true);
    expect(sent.map((s) => s.type)).toEqual(['claimFrame', 'decryptReadSession']);
    expect(sent[1]!.payload).toEqual({ sessionId: SESSION, passphrase: null });
    expect(takeEarlyDecrypt('another-session')).toBeNull();
    await expect(takeEarlyDecrypt(SESSION)).resolves.toEqual(result);
    expect(takeEarlyDecrypt(SESSION)).toBeNull(); // single use: a retry asks the background again
  });

  it('no auto-decrypt (locked key, setting off, signed mail, compose): only the claim is sent', async () => {
    for (const claimFrame of [
      { kind: 'read', read: { kind: 'message', sender: null, locked: true } },
      { kind: 'read', read: { kind: 'cleartext-signed', sender: null, locked: false } },
      { kind: 'compose' },
    ]) {
      const sent = stubBackground({ claimFrame });
      await claimAndDecrypt(CLAIM);
      expect(sent.map((s) => s.type)).toEqual(['claimFrame']);
      expect(takeEarlyDecrypt(SESSION)).toBeNull();
    }
  });

  it('a refused claim sends nothing more and throws to the claim listener', async () => {
    const sent: string[] = [];
    (globalThis as { browser?: unknown }).browser = {
      runtime: { sendMessage: async (m: { type: string }) => (sent.push(m.type), { ok: false, error: { code: 'FORBIDDEN' } }) },
      i18n: { getMessage: () => '', getUILanguage: () => 'en' },
    };
    await expect(claimAndDecrypt(CLAIM)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(sent).toEqual(['claimFrame']);
  });
});
