/**
 * Attachments on an arbitrary page: the page's own file field next to the editor, if there is
 * one (the nearest ancestors up to the form); otherwise a CachetError the controller turns
 * into an in-page notice offering the `.pgp` files (ciphertext only) for download.
 */
import { CachetError } from '../../../core/errors';
import { setInputFiles } from '../../dom/files';
import { OWN_ATTR } from '../../dom/own';

/** How far up from the editor we look: a field further away is likely not this editor's. */
const MAX_CLIMB = 4;

export function fileInputNear(editor: Element): HTMLInputElement | null {
  const form = editor.closest('form');
  let scope = editor.parentElement;
  for (let i = 0; scope && i < MAX_CLIMB; i++) {
    const input = [...scope.querySelectorAll<HTMLInputElement>('input[type="file"]')].find((x) => !x.disabled && !x.closest(`[${OWN_ATTR}]`));
    if (input) return input;
    if (scope === form || scope.tagName === 'BODY') break;
    scope = scope.parentElement;
  }
  return null;
}

export async function attachNear(editor: Element, files: File[]): Promise<void> {
  const input = fileInputNear(editor);
  if (!input) throw new CachetError('UNSUPPORTED', 'no file upload field next to this editor');
  if (!input.multiple && files.length > 1) throw new CachetError('UNSUPPORTED', 'the file field next to this editor takes one file');
  setInputFiles(input, files);
}
