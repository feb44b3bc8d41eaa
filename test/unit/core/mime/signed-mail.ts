/**
 * Builds multipart/signed mails in the test, the way real clients do (RFC 3156 §5):
 * the entity to sign is CRLF-canonical, the detached signature is made over exactly those
 * bytes, and the entity is placed between the delimiters unchanged. `lfOnly` then stores the
 * whole mail with bare LF, as a Maildir does.
 */
import * as openpgp from 'openpgp';

export const CRLF = '\r\n';

/** Joins lines with CRLF (what a client signs). */
export const crlf = (...lines: string[]): string => lines.join(CRLF);

export function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Latin-1 "binary string" → bytes (each char code is one byte). */
export function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function concat(...parts: Array<string | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? bytes(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Replaces every CRLF by LF (a Maildir copy of the mail). */
export function toLf(b: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) if (!(b[i] === 0x0d && b[i + 1] === 0x0a)) out.push(b[i] as number);
  return Uint8Array.from(out);
}

/**
 * A signer: 'binary' = signature type 0x00 over the bytes (Thunderbird/RNP, Enigmail with
 * --detach-sign); 'text' = type 0x01 (mutt's `gpg --textmode --detach-sign`).
 */
export async function openpgpSigner(key: openpgp.PrivateKey, type: 'binary' | 'text'): Promise<(entity: Uint8Array) => Promise<string>> {
  return async (entity) => {
    const message =
      type === 'binary'
        ? await openpgp.createMessage({ binary: entity })
        : await openpgp.createMessage({ text: new TextDecoder().decode(entity) });
    return openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored' });
  };
}

export interface SignedMailOptions {
  micalg?: string | null;
  /** Headers of the outer message (From, Subject…), CRLF-separated, no trailing CRLF. */
  outer?: string;
  /** Wrap the signed mail inside a multipart/mixed with an unsigned footer (mailing-list style). */
  footer?: string;
}

/** The whole mail as CRLF bytes, with `entity` (CRLF, as signed) as the first part. */
export function signedMail(entity: Uint8Array, signature: string, o: SignedMailOptions = {}): Uint8Array {
  const b = 'sig-boundary-4711';
  const micalg = o.micalg === undefined ? 'pgp-sha512' : o.micalg;
  const ct = `Content-Type: multipart/signed;${micalg === null ? '' : ` micalg=${micalg};`}${CRLF} protocol="application/pgp-signature"; boundary="${b}"`;
  const sigPart = crlf(
    'Content-Type: application/pgp-signature; name="signature.asc"',
    'Content-Description: OpenPGP digital signature',
    'Content-Disposition: attachment; filename="signature.asc"',
    '',
    signature.replace(/\r?\n/g, CRLF).trimEnd(),
  );
  const signedBody = concat(
    `This is an OpenPGP/MIME signed message (RFC 4880 and 3156)${CRLF}--${b}${CRLF}`,
    entity,
    `${CRLF}--${b}${CRLF}${sigPart}${CRLF}--${b}--${CRLF}`,
  );
  const outer = o.outer ?? crlf('From: Alice <alice@example.org>', 'To: bob@example.org', 'Subject: signed', 'MIME-Version: 1.0');
  if (o.footer === undefined) return concat(outer, CRLF, ct, CRLF, CRLF, signedBody);
  const m = 'mixed-boundary-0815';
  return concat(
    outer,
    CRLF,
    `Content-Type: multipart/mixed; boundary="${m}"${CRLF}${CRLF}--${m}${CRLF}`,
    ct,
    CRLF,
    CRLF,
    signedBody,
    `${CRLF}--${m}${CRLF}Content-Type: text/plain${CRLF}${CRLF}${o.footer}${CRLF}--${m}--${CRLF}`,
  );
}

/** Returns a copy with the first occurrence of `find` replaced (same length keeps offsets). */
export function alter(mail: Uint8Array, find: string, replace: string): Uint8Array {
  const text = Array.from(mail, (c) => String.fromCharCode(c)).join('');
  const at = text.indexOf(find);
  if (at < 0) throw new Error(`"${find}" not in the mail`);
  return latin1(text.slice(0, at) + replace + text.slice(at + find.length));
}
