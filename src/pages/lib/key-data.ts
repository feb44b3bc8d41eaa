/** Turns file bytes into the `KeyData` wire form: armored text stays text, binary goes base64. */
import { toBase64 } from '../../core/keys/armor';
import type { KeyData } from '../../shared/protocol';

const ARMOR_MARK = '-----BEGIN PGP ';

export function bytesToKeyData(bytes: Uint8Array): KeyData {
  // Armor is ASCII; look for the header in a latin1 view so invalid UTF-8 cannot hide it.
  const head = new TextDecoder('latin1').decode(bytes);
  if (head.includes(ARMOR_MARK)) {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'armored' };
  }
  return { text: toBase64(bytes), encoding: 'base64' };
}

export function textToKeyData(text: string): KeyData {
  return { text, encoding: 'armored' };
}
