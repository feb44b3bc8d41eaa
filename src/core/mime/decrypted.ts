/**
 * What to show for decrypted content: the inner MIME entity of a PGP/MIME message (as
 * Thunderbird, Enigmail and Mailvelope send it) or plain decrypted text.
 */
import { findArmoredBlocks } from '../armor/detect';
import { decodeText } from './charset';
import { headerText } from './headers';
import { parseMime, type MimePart } from './parse';
import { readSigned, type PgpMimeSigned } from './pgp-mime';
import { safeFilename } from './filename';

interface Shown {
  /** True when this content lies inside the signed part (SG-01: only this may be called signed). */
  signed: boolean;
  /** The MIME part it came from (null for decrypted text that was not MIME). */
  part: MimePart | null;
}

export type DisplayPart =
  | (Shown & { kind: 'text'; text: string })
  | (Shown & { kind: 'html'; html: string })
  | (Shown & { kind: 'attachment'; filename: string | null; safeName: string; contentType: string; body: Uint8Array })
  /** MP-04: a ciphertext nested inside decrypted content; never decrypt it automatically. */
  | (Shown & { kind: 'encrypted'; armored: string; autoDecrypt: false });

export interface DecryptedContent {
  parts: DisplayPart[];
  /** The first PGP/MIME signature inside the decrypted content, if any (to verify). */
  signature: PgpMimeSigned | null;
  /** Subject from protected headers (`protected-headers="v1"`), if the sender used them. */
  protectedSubject: string | null;
}

export interface DescribeOptions {
  /** In multipart/alternative show text/plain rather than text/html. */
  preferPlain?: boolean;
}

/**
 * True if `head` starts with a header section (every line a field or a continuation, up
 * to a blank line) that has a Content-Type or MIME-Version field: decrypted PGP/MIME.
 * Protected headers (From, Subject, …) may come before Content-Type.
 */
function looksLikeMime(head: string): boolean {
  const lines = head.split(/\r?\n/);
  let mime = false;
  for (const line of lines.slice(0, -1)) {
    if (line === '') return mime;
    // A real Content-Type value, so prose starting with "Content-Type: …" stays prose.
    if (/^content-type\s*:\s*[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\s*(;|$)/i.test(line) || /^mime-version\s*:\s*1\.0\b/i.test(line)) mime = true;
    else if (!/^[!-9;-~]+\s*:/.test(line) && !/^[ \t]/.test(line)) return false;
  }
  return false;
}

function typeOf(p: MimePart): string {
  return `${p.contentType.type}/${p.contentType.subtype}`;
}

function armoredMessages(text: string): string[] {
  return findArmoredBlocks(text)
    .filter((b) => b.kind === 'message' && !b.problem)
    .map((b) => b.armored);
}

/**
 * Turns decrypted bytes into displayable parts. MIME is recognised by a leading
 * `Content-…:` or `MIME-Version:` header; anything else is UTF-8 text. Nested ciphertexts
 * (multipart/encrypted parts, armored PGP MESSAGE blocks in text) come back as
 * `encrypted` parts with `autoDecrypt: false` (MP-04); message/rfc822 is an attachment,
 * never rendered inline (MP-07). Throws only CachetError (TOO_LARGE) from parseMime.
 */
export function describeDecrypted(bytes: Uint8Array, opts: DescribeOptions = {}): DecryptedContent {
  if (!looksLikeMime(decodeText(bytes.subarray(0, 8192), 'utf-8'))) {
    const text = decodeText(bytes, 'utf-8');
    const parts: DisplayPart[] = [{ kind: 'text', text, signed: false, part: null }];
    for (const armored of armoredMessages(text)) parts.push({ kind: 'encrypted', armored, autoDecrypt: false, signed: false, part: null });
    return { parts, signature: null, protectedSubject: null };
  }
  const root = parseMime(bytes);
  const out: DecryptedContent = { parts: [], signature: null, protectedSubject: null };
  if (root.contentType.params['protected-headers'] === 'v1') out.protectedSubject = headerText(root.headers, 'subject');
  walk(root, false, out, opts);
  return out;
}

function walk(p: MimePart, signed: boolean, out: DecryptedContent, opts: DescribeOptions): void {
  const ct = p.contentType;
  if (ct.type === 'multipart') {
    const protocol = (ct.params.protocol ?? '').toLowerCase();
    if (ct.subtype === 'encrypted' && protocol === 'application/pgp-encrypted') {
      const data = p.children[1];
      const armored = data ? decodeText(data.body, 'utf-8') : '';
      out.parts.push({ kind: 'encrypted', armored, autoDecrypt: false, signed, part: p });
      return;
    }
    if (ct.subtype === 'signed' && protocol === 'application/pgp-signature' && out.signature === null && !signed) {
      try {
        out.signature = readSigned(p, false);
        walk(out.signature.signedPart, true, out, opts);
        return;
      } catch {
        // Not a usable signature: show the content as unsigned.
      }
    }
    if (ct.subtype === 'signed') {
      const first = p.children[0];
      if (first) walk(first, signed, out, opts);
      return;
    }
    if (ct.subtype === 'alternative') {
      const want = opts.preferPlain ? ['text/plain', 'text/html'] : ['text/html', 'text/plain'];
      const pick = want.map((t) => p.children.find((c) => typeOf(c) === t)).find((c) => c !== undefined) ?? p.children[p.children.length - 1];
      if (pick) walk(pick, signed, out, opts);
      return;
    }
    if (ct.subtype === 'related') {
      // RFC 2387 §3.2: only the root (the `start` part, else the first) is the body; the
      // others are resources it references by cid:, which the frame never loads, so their
      // text is neither shown nor quoted (MP-07): they are attachments.
      const start = (ct.params.start ?? '').trim();
      const root = p.children.find((c) => start !== '' && c.headers.some((h) => h.name.toLowerCase() === 'content-id' && h.value.trim() === start)) ?? p.children[0];
      for (const c of p.children) {
        if (c === root) walk(c, signed, out, opts);
        else out.parts.push({ kind: 'attachment', filename: c.filename, safeName: safeFilename(c.filename, 'attachment'), contentType: typeOf(c), body: c.body, signed, part: c });
      }
      return;
    }
    for (const c of p.children) walk(c, signed, out, opts);
    return;
  }
  const isAttachment = p.disposition?.type === 'attachment' || ct.type !== 'text' || (ct.subtype !== 'plain' && ct.subtype !== 'html');
  if (isAttachment) {
    const fallback = ct.type === 'message' ? 'message.eml' : 'attachment';
    // For message/rfc822 the body is the attached message as sent (offered as a .eml file).
    out.parts.push({ kind: 'attachment', filename: p.filename, safeName: safeFilename(p.filename, fallback), contentType: typeOf(p), body: p.body, signed, part: p });
    return;
  }
  const text = decodeText(p.body, ct.params.charset);
  if (ct.subtype === 'html') out.parts.push({ kind: 'html', html: text, signed, part: p });
  else out.parts.push({ kind: 'text', text, signed, part: p });
  for (const armored of armoredMessages(text)) out.parts.push({ kind: 'encrypted', armored, autoDecrypt: false, signed, part: p });
}
