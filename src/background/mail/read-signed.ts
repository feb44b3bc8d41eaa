/**
 * A read session of kind pgp-mime-signed: the raw mail verified by the core (RFC 3156 §5,
 * exact CRLF-canonical part), only the signed part shown, and the frame told which part it
 * is. A micalg that does not match the signature's hash turns every good signature bad:
 * the wrapper was altered or the sender is broken, and either way it is not "verified".
 */
import { CachetError } from '../../core/errors';
import { verifyMimeSigned } from '../../core/mime/signed';
import type { ReadResult, SignerView } from '../../shared/mail-protocol';
import type { SignedPartView } from '../../shared/signed-part-view';
import type { HandlerContext } from '../handlers/context';
import { verificationKeys } from './keyring';
import { scopeOf, showContent } from './read-content';
import { signerViews } from './signer-view';

/**
 * The raw mail arrives as a binary string, one char per byte (content/adapters/roundcube/
 * read.ts fetchPart): RFC 3156 §5 signs bytes, and 8-bit parts in any charset must reach
 * the verifier unchanged — UTF-8-encoding the string would turn an ISO-8859-1 é (0xE9)
 * into two bytes and the signature bad. A char above U+00FF means the sender did not keep
 * to that contract (it decoded the bytes as text): refused rather than guessed at.
 */
export function bytesOfBinaryString(raw: string): Uint8Array {
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 0xff) throw new CachetError('BAD_REQUEST', 'the raw message is not a byte string');
    out[i] = c;
  }
  return out;
}

export async function verifyPgpMimeSignedMail(ctx: HandlerContext, raw: string, sender: string | null): Promise<ReadResult & { mimeSigned: SignedPartView }> {
  const records = (await (await ctx.keystore()).list()).keys;
  const v = await verifyMimeSigned({ raw: bytesOfBinaryString(raw), verificationKeys: await verificationKeys(records) });
  const views = signerViews(v.signatures, records, sender);
  const signatures: SignerView[] = v.micalg.ok ? views : views.map((s) => (s.status === 'good' ? { ...s, status: 'bad' } : s));
  // RFC 3156 §5: exactly the first body part is signed; only it is shown.
  const shown = showContent(v.found.signedPart.raw);
  const mimeSigned: SignedPartView = {
    path: v.signedPart.path,
    contentType: v.signedPart.contentType,
    whole: v.signedPart.whole,
    micalgDeclared: v.micalg.declared,
    micalgUsed: v.micalg.used,
    micalgOk: v.micalg.ok,
  };
  return { ...shown.result, signatures, signedScope: scopeOf(signatures, true), mimeSigned };
}
