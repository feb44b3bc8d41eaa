/**
 * Sync metadata carried inside a vault item. The vault API item has room only for the
 * two armored keys (src/shared/vault-api.ts PutKeyRequest), so the time of the last
 * passphrase change travels as an armor `Comment:` header of the private key
 * (RFC 9580 §6.2.2.2: Comment is free text, ignored by every reader). It is not
 * authenticated: it only picks which copy is the merge base, and the merge keeps the
 * union of everything either way.
 */

const PREFIX = 'Cachet passphrase changed ';
const HEADER = /^Comment: Cachet passphrase changed (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)\r?$/m;

/**
 * Returns `armored` with our Comment header set to `changedAt` (ISO, UTC), replacing
 * an earlier one. `null` removes it.
 */
export function withPassphraseChangedAt(armored: string, changedAt: string | null): string {
  const clean = armored.replace(/^Comment: Cachet passphrase changed [^\r\n]*\r?\n/m, '');
  if (changedAt === null) return clean;
  const iso = new Date(changedAt).toISOString();
  // The header block sits right after the BEGIN line (RFC 9580 §6.2).
  return clean.replace(/^(-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n)/m, `$1Comment: ${PREFIX}${iso}\n`);
}

/** The passphrase-change time our header carries, or null (none, or not a valid date). */
export function readPassphraseChangedAt(armored: string): string | null {
  const m = HEADER.exec(armored);
  if (!m?.[1]) return null;
  const t = Date.parse(m[1]);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}
