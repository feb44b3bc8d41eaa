/**
 * Verifying PGP/MIME signed mail (RFC 3156 §5) exactly as the standard says:
 *
 * - the signature covers the first body part of `multipart/signed` byte for byte, headers
 *   included, from the byte after its delimiter line up to (not including) the CRLF that
 *   belongs to the next delimiter (RFC 2046 §5.1.1);
 * - before verifying, line endings are converted to CRLF (RFC 3156 §5 step 1: the local
 *   MTA or the Maildir may have stored LF only) and NOTHING else changes: no transfer
 *   decoding, no charset conversion, no trailing-whitespace stripping (RFC 3156 §3 makes
 *   the SENDER quote-encode trailing whitespace; a signer that did not is not repaired);
 * - the second part must be `application/pgp-signature` (checked by readSigned);
 * - `micalg` must name the hash every signature uses (RFC 3156 §5: "pgp-" + the hash's
 *   text name in lower case, RFC 4880 §9.4 / RFC 9580 §9.5). A mismatch means the wrapper
 *   was altered or the sender is broken: the caller must not show such a signature as good.
 */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { signDetached, verifyDetached } from '../messages/sign';
import type { SignatureResult } from '../messages/signature-result';
import { pgpConfig } from '../openpgp-config';
import { buildSigned } from './build';
import { canonicalCrlf } from './canonical';
import { parseMime, type MimePart } from './parse';
import { classifyMessage, type PgpMimeSigned } from './pgp-mime';

/** RFC 3156 §5 micalg names by OpenPGP hash algorithm id (RFC 9580 §9.5). */
const MICALG: Readonly<Record<number, string>> = {
  [openpgp.enums.hash.md5]: 'pgp-md5',
  [openpgp.enums.hash.sha1]: 'pgp-sha1',
  [openpgp.enums.hash.ripemd]: 'pgp-ripemd160',
  [openpgp.enums.hash.sha224]: 'pgp-sha224',
  [openpgp.enums.hash.sha256]: 'pgp-sha256',
  [openpgp.enums.hash.sha384]: 'pgp-sha384',
  [openpgp.enums.hash.sha512]: 'pgp-sha512',
  [openpgp.enums.hash.sha3_256]: 'pgp-sha3-256',
  [openpgp.enums.hash.sha3_512]: 'pgp-sha3-512',
};

/** The RFC 3156 micalg value for an OpenPGP hash algorithm id (`pgp-sha256`), or `pgp-hash<id>` for one without a name. */
export function micalgOf(hashAlgorithm: number): string {
  return MICALG[hashAlgorithm] ?? `pgp-hash${hashAlgorithm}`;
}

/** What the signed part is, for telling the user exactly what the signature covers (SG-01). */
export interface SignedPartInfo {
  /** IMAP-style part number of the signed body part ('1' when multipart/signed is the root). */
  path: string;
  /** `type/subtype` of the signed body part. */
  contentType: string;
  /** True when multipart/signed is the whole message; false when other parts lie outside it. */
  whole: boolean;
  /** Number of leaf parts inside the signed part (text, attachments…). */
  leafParts: number;
}

export interface MicalgCheck {
  /** Lower-cased micalg as declared (may be a comma-separated list, RFC 1847 §2.1), or null. */
  declared: string | null;
  /** micalg names of the hashes the signatures actually use. */
  used: string[];
  /** True when micalg is present and names every hash used. */
  ok: boolean;
}

export interface MimeSignedVerification {
  signatures: SignatureResult[];
  micalg: MicalgCheck;
  signedPart: SignedPartInfo;
  /** The parsed PGP/MIME structure (signedPart.raw is what the caller shows). */
  found: PgpMimeSigned;
}

function leafCount(p: MimePart): number {
  return p.children.length === 0 ? 1 : p.children.reduce((n, c) => n + leafCount(c), 0);
}

/** Hash names of the signature packets in an armored detached signature. MALFORMED_ARMOR when it does not parse. */
export async function signatureMicalgs(armored: string): Promise<string[]> {
  let sig: openpgp.Signature;
  try {
    sig = await openpgp.readSignature({ armoredSignature: armored, config: pgpConfig });
  } catch (e) {
    throw new CachetError('MALFORMED_ARMOR', e instanceof Error ? e.message : 'unreadable signature');
  }
  return [...new Set(sig.packets.map((p) => micalgOf(p.hashAlgorithm as number)))];
}

/** Compares a declared micalg (null when missing) with the hashes in use. */
export function checkMicalg(declared: string | null, used: readonly string[]): MicalgCheck {
  const names = declared === null ? [] : declared.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  const ok = names.length > 0 && used.length > 0 && used.every((u) => names.includes(u));
  return { declared, used: [...used], ok };
}

/** Describes the signed body part of a parsed multipart/signed structure. */
export function signedPartInfo(found: PgpMimeSigned): SignedPartInfo {
  const ct = found.signedPart.contentType;
  return { path: found.signedPart.path, contentType: `${ct.type}/${ct.subtype}`, whole: found.whole, leafParts: leafCount(found.signedPart) };
}

/**
 * Verifies a raw mail (CRLF or LF-only, as bytes: a string is taken as UTF-8) whose first
 * multipart/signed part carries an OpenPGP signature. Signatures are judged one by one
 * (SG-08); the micalg check is reported beside them. MALFORMED_ARMOR when there is no
 * multipart/signed part or its structure or signature is broken.
 */
export async function verifyMimeSigned(o: { raw: Uint8Array | string; verificationKeys: openpgp.PublicKey[] }): Promise<MimeSignedVerification> {
  const found = classifyMessage(parseMime(o.raw));
  if (found.kind !== 'signed') throw new CachetError('MALFORMED_ARMOR', 'not a multipart/signed message');
  const used = await signatureMicalgs(found.signatureArmored);
  // found.signedBytes = canonicalCrlf(signedPart.raw): the exact part, CRLF line endings.
  const { signatures } = await verifyDetached({ data: found.signedBytes, signature: found.signatureArmored, verificationKeys: o.verificationKeys });
  return { signatures, micalg: checkMicalg(found.micalg, used), signedPart: signedPartInfo(found), found };
}

/**
 * Signs a MIME entity (headers + body, e.g. from buildMixed: 7-bit, CRLF) as RFC 3156 §5
 * PGP/MIME: a detached signature over exactly the CRLF-canonical entity, micalg taken from
 * the signature actually made. Returns the `Content-Type: multipart/signed…` entity (its
 * own header first) to put under the mail's other headers — for webmails whose page API
 * lets Cachet produce the MIME body. PASSPHRASE_REQUIRED if a key is locked.
 */
export async function signMimeEntity(o: { entity: string | Uint8Array; signingKeys: openpgp.PrivateKey[] }): Promise<{ mime: string; micalg: string }> {
  const bytes = canonicalCrlf(typeof o.entity === 'string' ? new TextEncoder().encode(o.entity) : o.entity);
  const signature = (await signDetached({ data: bytes, signingKeys: o.signingKeys })) as string;
  const used = await signatureMicalgs(signature);
  // One micalg value (RFC 3156 §5); signing keys that chose different hashes cannot share one.
  if (used.length !== 1) throw new CachetError('BAD_REQUEST', 'the signing keys use different hash algorithms');
  const micalg = used[0] as string;
  return { mime: buildSigned(bytes, signature, micalg), micalg };
}
