/**
 * A read session of kind pgp-mime-signed: the raw mail verified by the core (RFC 3156 §5,
 * exact CRLF-canonical part), only the signed part shown, and the frame told which part it
 * is. A micalg that does not match the signature's hash turns every good signature bad:
 * the wrapper was altered or the sender is broken, and either way it is not "verified".
 */
import { verifyMimeSigned } from '../../core/mime/signed';
import type { ReadResult, SignerView } from '../../shared/mail-protocol';
import type { SignedPartView } from '../../shared/signed-part-view';
import type { HandlerContext } from '../handlers/context';
import { verificationKeys } from './keyring';
import { scopeOf, showContent } from './read-content';
import { signerViews } from './signer-view';

export async function verifyPgpMimeSignedMail(ctx: HandlerContext, raw: string, sender: string | null): Promise<ReadResult & { mimeSigned: SignedPartView }> {
  const records = (await (await ctx.keystore()).list()).keys;
  const v = await verifyMimeSigned({ raw: new TextEncoder().encode(raw), verificationKeys: await verificationKeys(records) });
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
