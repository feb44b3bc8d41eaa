/**
 * Finds armored OpenPGP blocks in text taken from a web page or a mail body, the way
 * webmails leave it: CRLF, no-break spaces, invisible characters, quoted replies,
 * indentation, re-wrapped lines. One pass over the lines; each line is looked at at most
 * twice, so adversarial input (100,000 BEGIN lines, no END) stays linear (DS-03/DS-05).
 */
import { isCachetError } from '../errors';
import {
  BEGIN_MARKERS,
  BEGIN_PREFIX,
  END_MARKERS,
  END_PREFIX,
  cleanLine,
  indentOf,
  isInvisible,
  quotePrefix,
  type ArmorKind,
} from './lines';
import { MAX_ARMOR_CHARS, normaliseArmor } from './normalise';

/** Most blocks reported for one text (DS-03: 500 blocks in one mail). */
export const MAX_BLOCKS = 500;

/** One armored block found in a text. */
export interface ArmoredBlock {
  kind: ArmorKind;
  /** Offset in the scanned text of the BEGIN line's first dash. */
  start: number;
  /** Offset just after the END line's last dash. */
  end: number;
  /** How many quoted-reply levels (`> `) prefixed the block; they were stripped. */
  quoteDepth: number;
  /** Strict armor (see normaliseArmor), or '' when `problem` is set. */
  armored: string;
  /** Set when the block was found but cannot be used; the UI shows the error in its place. */
  problem?: 'MALFORMED_ARMOR' | 'TOO_LARGE';
  /** Why, in words safe to show (never contains text from the block). */
  detail?: string;
}

export interface FindArmorOptions {
  /** Stop after this many blocks (default and maximum {@link MAX_BLOCKS}). */
  maxBlocks?: number;
  /** Blocks whose text spans more characters are reported with problem TOO_LARGE. */
  maxBlockChars?: number;
}

export interface ArmorScan {
  blocks: ArmoredBlock[];
  /** True when scanning stopped at maxBlocks with more BEGIN lines left. */
  truncated: boolean;
}

type Phase = 'base64' | 'text';

interface OpenBlock {
  kind: ArmorKind;
  start: number;
  depth: number;
  indent: number;
  phase: Phase;
  endMarker: string;
  /** Collected lines; null once the block grew past the size cap. */
  lines: string[] | null;
}

/** Index in `raw` of the character that is at `cleanIndex` after invisible characters were removed. */
function rawIndex(raw: string, cleanIndex: number): number {
  let seen = 0;
  let i = 0;
  for (; i < raw.length && seen < cleanIndex; i++) if (!isInvisible(raw.charCodeAt(i))) seen++;
  return i;
}

/** Like {@link findArmoredBlocks}, and also says whether the block cap cut the scan short. */
export function scanArmoredBlocks(text: string, opts: FindArmorOptions = {}): ArmorScan {
  const maxBlocks = Math.min(opts.maxBlocks ?? MAX_BLOCKS, MAX_BLOCKS);
  const maxChars = Math.min(opts.maxBlockChars ?? MAX_ARMOR_CHARS, MAX_ARMOR_CHARS);
  const blocks: ArmoredBlock[] = [];
  // A holder object, not a `let`: the closures below replace the open block.
  const st: { open: OpenBlock | null } = { open: null };

  const finish = (b: OpenBlock, end: number): void => {
    const found = { kind: b.kind, start: b.start, end, quoteDepth: b.depth };
    if (b.lines === null) {
      blocks.push({ ...found, armored: '', problem: 'TOO_LARGE', detail: 'armored block over the size cap' });
      return;
    }
    try {
      blocks.push({ ...found, armored: normaliseArmor(b.lines.join('\n')).armored });
    } catch (e) {
      if (!isCachetError(e)) throw e;
      const problem = e.code === 'TOO_LARGE' ? 'TOO_LARGE' : 'MALFORMED_ARMOR';
      blocks.push({ ...found, armored: '', problem, ...(e.detail ? { detail: e.detail } : {}) });
    }
  };

  /** Feeds one line's content to the open block; false means the block was abandoned. */
  const feed = (b: OpenBlock, content: string, lineStart: number, raw: string, contentAt: number): boolean => {
    if (b.phase === 'text') {
      if (content === '-----BEGIN PGP SIGNATURE-----') {
        b.phase = 'base64';
      } else if (content.startsWith(BEGIN_PREFIX) || content.startsWith(END_PREFIX)) {
        return false;
      }
      b.lines?.push(content);
      return true;
    }
    const at = content.indexOf(b.endMarker);
    if (at >= 0) {
      b.lines?.push(content.slice(0, at), b.endMarker);
      finish(b, lineStart + rawIndex(raw, contentAt + at + b.endMarker.length));
      st.open = null;
      return true;
    }
    // Armor never nests: another marker means this block was never closed.
    if (content.includes(BEGIN_PREFIX) || content.includes(END_PREFIX)) return false;
    b.lines?.push(content);
    return true;
  };

  const startBlock = (cleaned: string, lineStart: number, raw: string): void => {
    const q = quotePrefix(cleaned);
    const content = cleaned.slice(q.index);
    let idx = content.indexOf(BEGIN_PREFIX);
    while (idx >= 0) {
      const hit = BEGIN_MARKERS.find(([m]) => content.startsWith(m, idx));
      if (hit) {
        const [marker, kind] = hit;
        const b: OpenBlock = {
          kind,
          start: lineStart + rawIndex(raw, q.index + idx),
          depth: q.depth,
          indent: indentOf(content) === idx ? idx : 0,
          phase: kind === 'signed-message' ? 'text' : 'base64',
          endMarker: END_MARKERS[kind],
          lines: [marker],
        };
        st.open = b;
        const restAt = idx + marker.length;
        const rest = content.slice(restAt);
        if (rest.trim() !== '' && !feed(b, rest, lineStart, raw, q.index + restAt)) st.open = null;
        return;
      }
      idx = content.indexOf(BEGIN_PREFIX, idx + 1);
    }
  };

  const lineBreak = /\r\n|\r|\n/g;
  let lineStart = 0;
  while (lineStart <= text.length) {
    lineBreak.lastIndex = lineStart;
    const m = lineBreak.exec(text);
    const lineEnd = m ? m.index : text.length;
    const raw = text.slice(lineStart, lineEnd);
    const cleaned = cleanLine(raw);
    const b = st.open;
    let handled = false;
    if (b) {
      const q = quotePrefix(cleaned, b.depth);
      const body = cleaned.slice(q.index);
      if (q.depth < b.depth && body.trim() !== '') {
        st.open = null; // the quote ended before the block did
      } else {
        if (lineEnd - b.start > maxChars) b.lines = null; // keep scanning to find its end
        const cut = Math.min(indentOf(body), b.indent);
        handled = feed(b, body.slice(cut), lineStart, raw, q.index + cut);
        if (!handled) st.open = null;
      }
    }
    if (!handled && cleaned.includes(BEGIN_PREFIX)) {
      if (blocks.length >= maxBlocks) return { blocks, truncated: true };
      startBlock(cleaned, lineStart, raw);
    }
    if (!m) break;
    lineStart = m.index + m[0].length;
  }
  return { blocks, truncated: false };
}

/**
 * Finds armored PGP MESSAGE, SIGNED MESSAGE (cleartext), PUBLIC/PRIVATE KEY BLOCK and
 * SIGNATURE blocks in `text`, in order. Blocks without an END line are not reported;
 * found blocks that are corrupt or over the size cap are reported with `problem` set.
 * At most {@link MAX_BLOCKS} blocks; never throws for any input string.
 */
export function findArmoredBlocks(text: string, opts: FindArmorOptions = {}): ArmoredBlock[] {
  return scanArmoredBlocks(text, opts).blocks;
}
