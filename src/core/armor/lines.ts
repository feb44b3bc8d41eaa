/**
 * Line-level repair of what webmails do to armored text: invisible characters, non-breaking
 * spaces, quoted-reply prefixes, indentation. Every function here is linear in its input
 * and uses no backtracking regular expressions (DS-03/DS-05).
 */

/** The kinds of armored block Cachet recognises (RFC 9580 §6.2.2.1 armor header lines). */
export type ArmorKind = 'message' | 'signed-message' | 'public-key' | 'private-key' | 'signature';

/** `-----BEGIN PGP …-----` lines and the kind of block each one opens. */
export const BEGIN_MARKERS: ReadonlyArray<readonly [string, ArmorKind]> = [
  ['-----BEGIN PGP MESSAGE-----', 'message'],
  ['-----BEGIN PGP SIGNED MESSAGE-----', 'signed-message'],
  ['-----BEGIN PGP PUBLIC KEY BLOCK-----', 'public-key'],
  ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'private-key'],
  ['-----BEGIN PGP SIGNATURE-----', 'signature'],
];

/** The END line that closes each kind (a cleartext message ends with its signature's END). */
export const END_MARKERS: Readonly<Record<ArmorKind, string>> = {
  message: '-----END PGP MESSAGE-----',
  'signed-message': '-----END PGP SIGNATURE-----',
  'public-key': '-----END PGP PUBLIC KEY BLOCK-----',
  'private-key': '-----END PGP PRIVATE KEY BLOCK-----',
  signature: '-----END PGP SIGNATURE-----',
};

export const BEGIN_PREFIX = '-----BEGIN PGP ';
export const END_PREFIX = '-----END PGP ';

/**
 * Characters webmails insert that carry no text: zero-width space (what `<wbr>` becomes when
 * copied), soft hyphen, zero-width (non-)joiner, word joiner, byte-order mark.
 */
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad]);
/** No-break and fixed-width spaces that HTML editors put where the author typed a space. */
const SPACE_LIKE = new Set([0x00a0, 0x2007, 0x202f]);

/** Any character of INVISIBLE or SPACE_LIKE (a single character class: native speed, no backtracking). */
const NEEDS_REBUILD = /[\u00a0\u00ad\u200b-\u200d\u2007\u202f\u2060\ufeff]/;

/** True if `c` is a character `cleanLine` removes. */
export function isInvisible(c: number): boolean {
  return INVISIBLE.has(c);
}

/**
 * Removes invisible characters, turns no-break spaces into spaces and drops trailing
 * whitespace (RFC 9580 §7.2: trailing whitespace is not part of signed text either).
 */
export function cleanLine(line: string): string {
  return trimEnd(NEEDS_REBUILD.test(line) ? rebuild(line) : line);
}

/** Slow path of cleanLine: rebuild the line character by character. */
function rebuild(line: string): string {
  const parts: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (INVISIBLE.has(c)) continue;
    parts.push(SPACE_LIKE.has(c) ? ' ' : (line[i] as string));
  }
  return parts.join('');
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function trimEnd(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Number of leading spaces/tabs. */
export function indentOf(s: string): number {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Removes at most `n` leading spaces/tabs. */
export function dedent(s: string, n: number): string {
  let i = 0;
  while (i < n && i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

/**
 * Counts quoted-reply prefixes ("> ", ">> ", "> > ") at the start of a cleaned line and
 * returns how many there are and where the content starts. One space after each `>` belongs
 * to the prefix (that is what mail clients add).
 */
export function quotePrefix(s: string, max = Infinity): { depth: number; index: number } {
  let depth = 0;
  let index = 0;
  while (depth < max) {
    let j = index;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== 0x3e /* > */) break;
    depth++;
    j++;
    if (s.charCodeAt(j) === 0x20) j++;
    index = j;
  }
  return { depth, index };
}

/** Splits on CRLF, CR or LF. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
