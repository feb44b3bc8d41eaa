import { describe, expect, it } from 'vitest';
import { CachetError } from '../../../src/core/errors';
import { createMessenger, unwrapReply } from '../../../src/shared/messaging';
import type { Envelope } from '../../../src/shared/protocol';

describe('client messaging', () => {
  it('sends the envelope and returns the value', async () => {
    const sent: Envelope[] = [];
    const m = createMessenger(async (e) => {
      sent.push(e);
      return { ok: true, value: { version: '1' } };
    });
    expect(await m.sendContent('ping', {})).toEqual({ version: '1' });
    expect(sent).toEqual([{ cachet: 1, type: 'ping', payload: {} }]);
  });

  it('rethrows reply errors as CachetError with code and detail', async () => {
    const m = createMessenger(async () => ({ ok: false, error: { code: 'WRONG_PASSPHRASE', detail: 'try again' } }));
    const err = await m.sendPage('unlockKey', { fingerprint: 'A'.repeat(40), passphrase: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CachetError);
    expect(err).toMatchObject({ code: 'WRONG_PASSPHRASE', detail: 'try again' });
  });

  it('unknown codes, missing replies and delivery failures become INTERNAL', async () => {
    expect(() => unwrapReply({ ok: false, error: { code: 'LOL' } })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => unwrapReply(undefined)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const m = createMessenger(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    await expect(m.sendPage('lockAll', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
