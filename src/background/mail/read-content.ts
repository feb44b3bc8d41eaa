/**
 * Decrypted bytes → what the read frame shows (ReadResult), via the core's MIME view.
 * Nested ciphertexts are counted, never decrypted into the same view (MP-04); message/rfc822
 * and non-text parts become attachments (MP-07).
 */
import { toBase64 } from '../../core/keys/armor';
import { describeDecrypted, type DecryptedContent } from '../../core/mime';
import type { ReadResult, SignerView, WireFile } from '../../shared/mail-protocol';

export interface Shown {
  result: Omit<ReadResult, 'signatures' | 'signedScope'>;
  content: DecryptedContent;
  /** True when every shown part lies inside the inner PGP/MIME signed part. */
  allInsideSigned: boolean;
}

export function showContent(bytes: Uint8Array): Shown {
  const content = describeDecrypted(bytes);
  const texts: string[] = [];
  const htmls: string[] = [];
  const attachments: WireFile[] = [];
  let nestedEncrypted = 0;
  let shown = 0;
  let signedShown = 0;
  for (const p of content.parts) {
    if (p.kind === 'encrypted') {
      nestedEncrypted++;
      continue;
    }
    shown++;
    if (p.signed) signedShown++;
    if (p.kind === 'text') texts.push(p.text);
    else if (p.kind === 'html') htmls.push(p.html);
    else attachments.push({ name: p.safeName, mimeType: p.contentType, base64: toBase64(p.body) });
  }
  return {
    result: {
      text: texts.length > 0 ? texts.join('\n\n') : null,
      html: htmls.length > 0 ? htmls.join('\n<hr>\n') : null,
      attachments,
      nestedEncrypted,
    },
    content,
    allInsideSigned: shown > 0 && signedShown === shown,
  };
}

/** Scope of what was verified: 'all' only when the signatures cover everything shown (SG-01). */
export function scopeOf(signatures: SignerView[], covered: boolean): ReadResult['signedScope'] {
  return signatures.length > 0 && covered ? 'all' : 'none';
}
