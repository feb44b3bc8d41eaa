/**
 * What the read frame is told about a PGP/MIME signed mail (RFC 3156 §5), beside the
 * per-signature results: exactly which part the signature covers (SG-01) and whether the
 * declared micalg matches the signature's hash.
 */
export interface SignedPartView {
  /** IMAP-style part number of the signed body part ('1' when multipart/signed is the root). */
  path: string;
  /** `type/subtype` of the signed body part. */
  contentType: string;
  /** False when the mail has parts outside multipart/signed (not shown, not signed). */
  whole: boolean;
  /** micalg as declared (lower case) or null, and the hashes the signatures use. */
  micalgDeclared: string | null;
  micalgUsed: string[];
  /** False when micalg is missing or names another hash: no signature of this mail is shown as good. */
  micalgOk: boolean;
}
