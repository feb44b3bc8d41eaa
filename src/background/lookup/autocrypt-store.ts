/**
 * Remembers Autocrypt keys per address (Autocrypt Level 1 §2.3). The input comes from a
 * content script, i.e. from a web page: untrusted. It is kept only when the header's addr
 * is the From address, the keydata is ONE public key (a secret key is refused) with a valid
 * user ID for that address; it is never imported into the keyring — a look-up offers it,
 * under the same KM-01 rules as any other source.
 */
import type { IDBPDatabase } from 'idb';
import { fromBase64 } from '../../core/keys/armor';
import { readKeyMaterial } from '../../core/keys/read';
import { updateAutocryptPeer } from '../../core/lookup/autocrypt';
import { foundKeys } from '../../core/lookup/found-key';
import type { LookupContentProtocol } from '../../shared/lookup-protocol';
import type { LookupDb } from './db';

/** Most peers remembered; the least recently seen are forgotten first (DS-03). */
export const MAX_AUTOCRYPT_PEERS = 2000;

export async function rememberAutocrypt(db: IDBPDatabase<LookupDb>, req: LookupContentProtocol['autocryptSeen']['req'], now: Date): Promise<boolean> {
  if (req.addr.toLowerCase() !== req.from.toLowerCase()) return false;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(req.keydata);
    const { keys } = await readKeyMaterial(bytes);
    if (keys.length !== 1 || keys[0]!.secret !== 'none') return false;
    const usable = await foundKeys(bytes, req.addr, now);
    if (usable.keys.length !== 1 || usable.keys[0]!.info.status === 'revoked') return false;
  } catch {
    return false; // malformed, weak, oversize: ignored like any invalid Autocrypt header
  }
  const date = new Date(req.date);
  const addr = req.addr.toLowerCase();
  const prev = (await db.get('autocrypt', addr)) ?? null;
  const next = updateAutocryptPeer(prev, { addr, preferEncrypt: req.preferEncrypt, keydata: bytes }, Number.isFinite(date.getTime()) ? date : now, now);
  if (!next || next === prev) return false;
  const tx = db.transaction('autocrypt', 'readwrite');
  await tx.store.put(next);
  if (!prev && (await tx.store.count()) > MAX_AUTOCRYPT_PEERS) {
    const oldest = await tx.store.index('byLastSeen').openCursor();
    if (oldest) await oldest.delete();
  }
  await tx.done;
  return true;
}
