/**
 * A compose view of a site adapter: the body is a contenteditable written one `<div>` per
 * line (what Gmail, Outlook and Yahoo's editors create themselves for Enter, so their own
 * HTML→text conversion gives the same lines back), recipients come from the chips.
 */
import { findArmoredBlocks } from '../../core/armor';
import type { Recipients } from '../../shared/mail-protocol';
import { mergeAddresses } from '../dom/address';
import { readEditor, writeEditable } from '../dom/editor';
import { setInputFiles } from '../dom/files';
import { idFor } from '../dom/observe';
import type { ComposeView } from '../adapters/types';
import type { SiteSpec } from './spec';
import { renderedCopy } from './text';

/** A site compose view, plus the read-back the tests and the e2e suite compare byte for byte. */
export interface SiteComposeView extends ComposeView {
  /** The editor's text as the webmail will send it: lines joined by '\n', with a final '\n'. */
  readBody(): string;
}

/** The editor's text, `<wbr>`, soft hyphens, zero-width spaces and nbsp repaired (core/armor). */
export function readEditorText(editor: Element): string {
  const text = readEditor(renderedCopy(editor));
  return text === '' ? '' : `${text}\n`;
}

export function createSiteComposeView(spec: SiteSpec, root: Element, editor: HTMLElement): SiteComposeView {
  const s = spec.selectors;
  const doc = root.ownerDocument;
  const rowAddresses = (row: string): string[] => {
    const lists: string[][] = [];
    for (const r of root.querySelectorAll(row)) {
      for (const chip of r.querySelectorAll(s.chip)) {
        const a = spec.chipAddress(chip);
        if (a) lists.push([a]);
      }
    }
    return mergeAddresses(...lists);
  };
  const anchor = root.querySelector(s.anchor) ?? editor;
  return {
    id: idFor(root, `${spec.id}-compose`),
    root,
    buttonAnchor: anchor,
    editorElement: editor,
    getRecipients(): Recipients {
      return { to: rowAddresses(s.toRow), cc: rowAddresses(s.ccRow), bcc: rowAddresses(s.bccRow) };
    },
    getSender(): string | null {
      const from = root.querySelector(s.from);
      const fromAddr = from ? spec.fromAddress(from) : null;
      if (fromAddr) return fromAddr;
      const account = doc.querySelector(s.account);
      return account ? spec.fromAddress(account) : null;
    },
    getQuotedArmored(): string | null {
      const block = findArmoredBlocks(readEditor(renderedCopy(editor))).find((b) => b.kind === 'message' && !b.problem);
      return block ? block.armored : null;
    },
    writeBody(armored: string): void {
      writeEditable(editor, armored, { lines: 'div' });
    },
    readBody: () => readEditorText(editor),
    async attachFiles(files: File[]): Promise<void> {
      const input = root.querySelector<HTMLInputElement>(s.upload) ?? doc.querySelector<HTMLInputElement>(s.upload);
      if (!input) throw new Error(`${spec.label}: attachment input not found`);
      setInputFiles(input, files);
    },
  };
}
