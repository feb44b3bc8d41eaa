/**
 * The MIME entity our page-API editor encrypts (RFC 3156 §4: the encrypted data of a
 * PGP/MIME message is a MIME entity). As Mailvelope does: the text alone as text/plain, or,
 * with files the user picked in our frame, multipart/mixed with the text first and each file
 * base64 with Content-Disposition: attachment and its filename (RFC 2045, RFC 2183, RFC 2231
 * for non-ASCII names). The webmail wraps the armored result into multipart/encrypted.
 */
import { CachetError } from '../../core/errors';
import { fromBase64 } from '../../core/keys/armor';
import { buildMixed, type AttachmentInput } from '../../core/mime';
import type { WireFile } from '../../shared/mail-protocol';

/**
 * Bytes of all attachments together. One encrypted armored entity grows to about 1.8× this
 * (base64 in MIME, then armor); 25 MiB keeps it under Chrome's 64 MiB message cap on the way
 * to the bridge.
 */
export const PAGE_API_ATTACHMENT_BYTES = 25 * 1024 * 1024;

function decode(files: readonly WireFile[]): AttachmentInput[] {
  let total = 0;
  return files.map((f) => {
    let data: Uint8Array;
    try {
      data = fromBase64(f.base64);
    } catch {
      throw new CachetError('BAD_REQUEST', 'attachment is not valid base64');
    }
    total += data.length;
    if (total > PAGE_API_ATTACHMENT_BYTES) throw new CachetError('TOO_LARGE', 'attachments over 25 MiB together');
    return { filename: f.name, data, contentType: f.mimeType };
  });
}

/** The MIME entity (CRLF, 7-bit) for `text` and the user's `files`. */
export function pageApiMimeBody(text: string, files: readonly WireFile[]): string {
  return buildMixed(text, decode(files));
}
