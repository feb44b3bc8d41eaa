/**
 * Addresses from the page, parsed to the bare lower-cased address (SG-05: compare parsed
 * addresses only, never display names).
 */
const ADDRESS = /^[^\s@<>",;()]+@[^\s@<>",;()]+\.[^\s@<>",;()]+$|^[^\s@<>",;()]+@localhost$/;

/** `Name <a@b.c>` or `a@b.c` → `a@b.c` (lower case); null when it is not one address. */
export function parseAddress(input: string): string | null {
  const s = input.trim();
  const angle = /<([^<>]*)>\s*$/.exec(s);
  // SG-05: a display name holding another address (`Mallory <m@x>, Bob <b@y>`) is two
  // senders, never the last one; quoted display names may contain anything.
  if (angle && /[<>@,;]/.test(s.slice(0, angle.index).replace(/"(?:[^"\\]|\\.)*"/g, ''))) return null;
  const candidate = (angle ? (angle[1] as string) : s).trim().toLowerCase();
  return ADDRESS.test(candidate) && candidate.length <= 254 ? candidate : null;
}
