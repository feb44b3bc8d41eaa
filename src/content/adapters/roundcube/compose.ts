/** Roundcube compose view: plain-text and TinyMCE modes, new/reply/forward (selectors.ts). */
import { findArmoredBlocks } from '../../../core/armor';
import type { Recipients } from '../../../shared/mail-protocol';
import { mergeAddresses, parseAddress, parseAddresses } from '../../dom/address';
import { readEditor, writeEditable, writeTextarea } from '../../dom/editor';
import { setInputFiles } from '../../dom/files';
import { idFor } from '../../dom/observe';
import type { ComposeView } from '../types';
import { SELECTORS as S } from './selectors';

export type FrameDocument = (frame: HTMLIFrameElement) => Document | null;

const FIELDS = [
  ['to', S.toField, S.toRow],
  ['cc', S.ccField, S.ccRow],
  ['bcc', S.bccField, S.bccRow],
] as const;

function fieldAddresses(doc: Document, field: string, row: string): string[] {
  const value = doc.querySelector<HTMLTextAreaElement>(field)?.value ?? '';
  // The chips are what the user sees; textarea#_to catches up only on blur (compose-plain.html).
  const chips = [...doc.querySelectorAll(`${row} ${S.chip}`)].map(
    (li) => li.getAttribute('title') || li.textContent || '',
  );
  return mergeAddresses(parseAddresses(value), ...chips.map(parseAddresses));
}

export function createComposeView(doc: Document, textarea: HTMLTextAreaElement, frameDoc: FrameDocument): ComposeView {
  const container = doc.querySelector(S.bodyContainer) ?? textarea;
  const root = doc.querySelector(S.composeForm) ?? doc.body;

  /** TinyMCE's editable body when the view is in HTML mode, else null (plain textarea). */
  const tinyBody = (): HTMLElement | null => {
    if (doc.querySelector<HTMLInputElement>(S.isHtml)?.value !== '1') return null;
    const frame = doc.querySelector<HTMLIFrameElement>(S.tinyFrame);
    return frame ? (frameDoc(frame)?.querySelector<HTMLElement>(S.tinyBody) ?? null) : null;
  };

  return {
    id: idFor(textarea, 'rc-compose'),
    root,
    buttonAnchor: container,
    get editorElement(): Element {
      if (doc.querySelector<HTMLInputElement>(S.isHtml)?.value === '1') return doc.querySelector(S.tinyBox) ?? container;
      return textarea;
    },
    getRecipients(): Recipients {
      const r: Recipients = { to: [], cc: [], bcc: [] };
      for (const [name, field, row] of FIELDS) r[name] = fieldAddresses(doc, field, row);
      return r;
    },
    getSender(): string | null {
      const select = doc.querySelector<HTMLSelectElement>(S.from);
      const option = select?.selectedOptions[0] ?? select?.options[0];
      return option ? parseAddress(option.textContent ?? '') : null;
    },
    getQuotedArmored(): string | null {
      const body = tinyBody();
      const text = body ? readEditor(body) : textarea.value;
      const block = findArmoredBlocks(text).find((b) => b.kind === 'message' && !b.problem);
      return block ? block.armored : null;
    },
    writeBody(armored: string): void {
      const body = tinyBody();
      // TinyMCE wraps text in <p> (forced root block); <br> between lines keeps one paragraph,
      // which Roundcube's HTML→text conversion turns back into the same lines.
      if (body) writeEditable(body, armored, { lines: 'br', wrap: 'p' });
      else writeTextarea(textarea, armored);
    },
    async attachFiles(files: File[]): Promise<void> {
      const input = doc.querySelector<HTMLInputElement>(S.upload);
      if (!input) throw new Error('Roundcube upload input not found');
      setInputFiles(input, files);
    },
  };
}
