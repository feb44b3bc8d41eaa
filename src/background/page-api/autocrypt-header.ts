/**
 * The `Autocrypt:` header value for outgoing mail (Autocrypt Level 1 §2.1), built with the
 * shared core/lookup/autocrypt.ts: `addr`, optional `prefer-encrypt=mutual`, and `keydata` =
 * the minimal transferable public key (§2.1.1). Unfolded: the webmail writes the header line
 * itself (Roundcube folds long header values when it builds the mail).
 */
import type { Key } from 'openpgp';
import { CachetError } from '../../core/errors';
import { autocryptKeydata, formatAutocryptHeader } from '../../core/lookup/autocrypt';

/** `addr=…; prefer-encrypt=mutual; keydata=…` (the header value, without the field name). */
export async function autocryptHeader(key: Key, address: string, preferEncrypt: boolean): Promise<string> {
  let keydata: Uint8Array;
  try {
    keydata = await autocryptKeydata(key, address);
  } catch {
    throw new CachetError('KEY_NOT_FOUND', 'no usable key for this address');
  }
  return formatAutocryptHeader({ addr: address, preferEncrypt: preferEncrypt ? 'mutual' : 'nopreference', keydata }, false);
}
