/**
 * Moving armor in and out of HTML editors without a DOM: adapters extract one string per
 * visual line (a `<div>`/`<p>` per line, `<br>` between lines) and write lines back.
 */
import { cleanLine, splitLines } from './lines';

/**
 * Rejoins the lines an adapter read from a line-per-element editor into plain text.
 * Each entry may itself hold line breaks (a `<br>` inside a `<div>`); invisible
 * characters and no-break spaces are repaired and trailing whitespace dropped, so the
 * result can go straight to findArmoredBlocks. Empty entries are kept as blank lines:
 * the blank line after armor headers is significant (RFC 9580 §6.2).
 */
export function joinEditorLines(lines: readonly string[]): string {
  const out: string[] = [];
  for (const entry of lines) for (const line of splitLines(entry)) out.push(cleanLine(line));
  return out.join('\n');
}

export interface EditorLineOptions {
  /**
   * Replace every second space of a run, and a leading space, with U+00A0 so HTML
   * whitespace collapsing cannot eat them; findArmoredBlocks turns them back into spaces.
   */
  keepSpaces?: boolean;
}

/**
 * Splits text (armor) into the lines to write into a contenteditable, one element per
 * line, so that line breaks survive. A final newline does not produce an extra empty line;
 * blank lines are returned as '' (the adapter writes `<div><br></div>` for them).
 */
export function splitForEditor(text: string, opts: EditorLineOptions = {}): string[] {
  const lines = splitLines(text);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return opts.keepSpaces ? lines.map(protectSpaces) : lines;
}

function protectSpaces(line: string): string {
  let out = '';
  let prevSpace = true; // a leading space collapses too
  for (const ch of line) {
    if (ch === ' ') {
      out += prevSpace ? '\u00a0' : ' ';
      prevSpace = !prevSpace;
    } else {
      out += ch;
      prevSpace = false;
    }
  }
  // A trailing space collapses as well.
  return out.endsWith(' ') ? `${out.slice(0, -1)}\u00a0` : out;
}
