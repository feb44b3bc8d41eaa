/** Handing files to a webmail's own upload input, as if the user had picked them. */
import type { WireFile } from '../../shared/mail-protocol';

/** Sets `input.files` through a DataTransfer (the only way to build a FileList) and fires change. */
export function setInputFiles(input: HTMLInputElement, files: File[]): void {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** A pushed attachment (base64 ciphertext) as a File. */
export function wireToFile(w: WireFile): File {
  const bin = atob(w.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new File([bytes], w.name, { type: w.mimeType || 'application/octet-stream' });
}
