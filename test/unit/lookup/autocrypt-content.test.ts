import { describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { autocryptFromRawSource, headerFields } from '../../../src/content/adapters/roundcube/autocrypt';
import { formatAutocryptHeader } from '../../../src/core/lookup/autocrypt';
import { toBase64 } from '../../../src/core/keys/armor';
import { lookupContentSchemas } from '../../../src/shared/lookup-schemas';

async function keydata(email: string): Promise<Uint8Array> {
  const { publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ email }], format: 'object' });
  return publicKey.write();
}

describe('Roundcube raw source → autocryptSeen', () => {
  it('reads the folded header of the From address, and only header fields', async () => {
    const kd = await keydata('erin@ac.test');
    const header = formatAutocryptHeader({ addr: 'erin@ac.test', preferEncrypt: 'mutual', keydata: kd });
    const raw = `Return-Path: <erin@ac.test>\r\nFrom: Erin <Erin@ac.test>\r\nDate: Sat, 01 Nov 2026 10:00:00 +0000\r\nAutocrypt: ${header}\r\nSubject: hi\r\n\r\nAutocrypt: addr=evil@x.test; keydata=AAAA\r\n`;
    const seen = autocryptFromRawSource(raw);
    expect(seen).toEqual({ from: 'erin@ac.test', addr: 'erin@ac.test', preferEncrypt: 'mutual', keydata: toBase64(kd), date: '2026-11-01T10:00:00.000Z' });
    expect(lookupContentSchemas.autocryptSeen.parse(seen)).toEqual(seen); // what the background accepts
    expect(headerFields(raw).map((f) => f.name)).toEqual(['return-path', 'from', 'date', 'autocrypt', 'subject']);
  });

  it('nothing for a header of another address, two From fields, or no header', async () => {
    const kd = toBase64(await keydata('erin@ac.test'));
    expect(autocryptFromRawSource(`From: mallory@ac.test\r\nAutocrypt: addr=erin@ac.test; keydata=${kd}\r\n\r\n`)).toBeNull();
    expect(autocryptFromRawSource(`From: erin@ac.test\r\nFrom: other@ac.test\r\nAutocrypt: addr=erin@ac.test; keydata=${kd}\r\n\r\n`)).toBeNull();
    expect(autocryptFromRawSource('From: erin@ac.test\r\n\r\nbody')).toBeNull();
  });
});
