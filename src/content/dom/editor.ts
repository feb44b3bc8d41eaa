/**
 * Writing armored text into webmail editors so that every line break survives, and reading
 * it back. A plain textarea takes the text as is; HTML editors get one text node per line
 * separated by `<br>` (one `<div>` per line where the editor expects that), with runs of
 * spaces protected as U+00A0 so HTML whitespace collapsing cannot change signed text.
 */
import { joinEditorLines, splitForEditor } from '../../core/armor';
import { blockText } from './text';

function fire(el: Element, type: string): void {
  el.dispatchEvent(new Event(type, { bubbles: true }));
}

/** Sets a textarea/input value the way typing would be seen by the page (input + change events). */
export function writeTextarea(el: HTMLTextAreaElement | HTMLInputElement, text: string): void {
  el.value = text;
  fire(el, 'input');
  fire(el, 'change');
}

export interface EditableWriteOptions {
  /**
   * `br`: lines separated by `<br>` inside one wrapper (TinyMCE: `<p>`), or directly in the
   * editor when `wrap` is null. `div`: one `<div>` per line, `<div><br></div>` for blank ones
   * (Gmail/Outlook-style editors).
   */
  lines: 'br' | 'div';
  wrap?: 'p' | 'div' | null;
}

/** Replaces a contenteditable's content with `text`, line-preserving. */
export function writeEditable(el: HTMLElement, text: string, opts: EditableWriteOptions = { lines: 'br' }): void {
  const doc = el.ownerDocument;
  const lines = splitForEditor(text, { keepSpaces: true });
  const target = opts.wrap ? doc.createElement(opts.wrap) : null;
  const box: HTMLElement = target ?? el;
  el.replaceChildren();
  if (target) el.appendChild(target);
  lines.forEach((line, i) => {
    if (opts.lines === 'div') {
      const div = doc.createElement('div');
      div.appendChild(line === '' ? doc.createElement('br') : doc.createTextNode(line));
      box.appendChild(div);
      return;
    }
    if (i > 0) box.appendChild(doc.createElement('br'));
    if (line !== '') box.appendChild(doc.createTextNode(line));
  });
  fire(el, 'input');
}

/** The text of an editor as lines (no-break spaces and invisible characters repaired). */
export function readEditor(el: Element): string {
  if (isTextarea(el)) return el.value;
  return joinEditorLines([blockText(el).replace(/\n$/, '')]);
}

export function isTextarea(el: Element): el is HTMLTextAreaElement {
  return el.tagName === 'TEXTAREA';
}
