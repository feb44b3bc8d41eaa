/** Addresses as webmails show them: `Name <a@b>`, `"Last, First" <a@b>`, bare `a@b`, lists of these. */

// Local part and domain as practical mail addresses are written (no quoted local parts, no
// IP literals); bounded character classes, no nested quantifiers (no catastrophic backtracking).
const ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)*[A-Za-z0-9-]{1,63}/g;

/** Every address in `text`, lower-cased, in order, without duplicates. */
export function parseAddresses(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.slice(0, 100_000).matchAll(ADDRESS)) seen.add(m[0].toLowerCase());
  return [...seen];
}

/** The address in a single `Name <a@b>` / `a@b` value, or null. Inside `<…>` wins over the display name. */
export function parseAddress(text: string): string | null {
  const angle = /<([^<>]{3,320})>/.exec(text);
  const found = parseAddresses(angle ? (angle[1] ?? '') : text);
  return found[0] ?? null;
}

/** Merges address lists keeping the first occurrence. */
export function mergeAddresses(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}
