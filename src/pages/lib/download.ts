/** Saves text as a file through a Blob URL and a temporary `<a download>`. */
export function downloadText(fileName: string, text: string, type = 'application/pgp-keys'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Firefox starts the download asynchronously: revoke the URL only once it surely began.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** A safe `.asc` file name from a fingerprint (the background normally supplies one). */
export function ascName(fingerprint: string, suffix: string): string {
  return `${fingerprint.replace(/[^0-9A-Fa-f]/g, '').toUpperCase()}${suffix}.asc`;
}
