/** File names from mail, made safe to offer for download or show. */

/** Longest name safeFilename returns (well under the 255-byte limit of common file systems). */
export const MAX_FILENAME_CHARS = 120;

// C0/C1 controls and DEL; bidi embedding/override/isolate marks and LRM/RLM/ALM (used to
// disguise extensions: "invoice\u202Efdp.exe"); zero-width and other invisible characters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g;
/** Characters Windows forbids in names, plus path separators. */
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A display- and download-safe version of an attachment name: no directories (only the
 * last path component is kept), no control, bidi or invisible characters, no characters
 * reserved on Windows, no leading dots or trailing dots/spaces, no device names, at most
 * {@link MAX_FILENAME_CHARS} characters with the extension kept. Never empty.
 * The name as sent stays available on the part (`filename`) as data.
 */
export function safeFilename(name: string | null | undefined, fallback = 'attachment'): string {
  let n = (name ?? '').replace(UNSAFE, '');
  const slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
  if (slash >= 0) n = n.slice(slash + 1);
  n = n.replace(RESERVED, '_').replace(/\s+/g, ' ');
  n = n.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (WINDOWS_DEVICE.test(n)) n = `_${n}`;
  const chars = Array.from(n);
  if (chars.length > MAX_FILENAME_CHARS) {
    const dot = n.lastIndexOf('.');
    const ext = dot > 0 && n.length - dot <= 16 ? Array.from(n.slice(dot)) : [];
    n = chars.slice(0, MAX_FILENAME_CHARS - ext.length).join('') + ext.join('');
  }
  return n.length > 0 ? n : fallback;
}
