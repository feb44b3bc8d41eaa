/** A compose view around any textarea or contenteditable the user focused (generic mode). */
import { findArmoredBlocks } from '../../../core/armor';
import { readEditor, writeEditable, writeTextarea, isTextarea } from '../../dom/editor';
import { idFor } from '../../dom/observe';
import type { ComposeView } from '../types';
import { attachNear } from './attach';

export function createEditorView(el: HTMLElement): ComposeView {
  return {
    id: idFor(el, 'generic-compose'),
    root: el,
    buttonAnchor: el,
    editorElement: el,
    // Unknown page: no recipient fields to read; the user enters them in the secure editor.
    getRecipients: () => ({ to: [], cc: [], bcc: [] }),
    getSender: () => null,
    getQuotedArmored(): string | null {
      const block = findArmoredBlocks(readEditor(el)).find((b) => b.kind === 'message' && !b.problem);
      return block ? block.armored : null;
    },
    writeBody(armored: string): void {
      if (isTextarea(el)) writeTextarea(el, armored);
      // Most rich editors (and every browser's default) take <div> lines without re-flowing them.
      else writeEditable(el, armored, { lines: 'div' });
    },
    // The page's own file field near the editor; none → the controller offers the .pgp files for download.
    attachFiles: (files: File[]) => attachNear(el, files),
  };
}
