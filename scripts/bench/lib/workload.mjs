// The same workload for every context (Node baseline, extension page, background), so ratios
// compare like with like. Imported by Node and bundled into the bench page.

/** Passes Cachet's passphrase-strength check (the background refuses weak ones). */
export const PASSPHRASE = 'orbit tangerine lantern quietly 1987 canal';
export const USER = { name: 'Bench User', email: 'bench@cachet.example' };
export const MESSAGE_BYTES = 10 * 1024;

/** 10 KB of mail-like ASCII text (deterministic, compressible like real mail). */
export function messageText() {
  const words = ['cachet', 'vault', 'meeting', 'tomorrow', 'attached', 'invoice', 'regards', 'please', 'review', 'the'];
  let s = '';
  for (let i = 0; s.length < MESSAGE_BYTES; i++) s += words[(i * 7 + (i >> 3)) % words.length] + (i % 12 === 11 ? '\n' : ' ');
  return s.slice(0, MESSAGE_BYTES);
}
