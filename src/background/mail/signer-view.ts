/** Per-signature results as the read frame shows them, with the sender check (SG-04). */
import type { SignatureResult } from '../../core/messages/signature-result';
import type { SignerView } from '../../shared/mail-protocol';
import type { KeyRecord } from '../keystore/db';
import { parseAddress } from './addresses';

export function signerViews(results: SignatureResult[], records: KeyRecord[], sender: string | null): SignerView[] {
  const from = sender === null ? null : parseAddress(sender);
  return results.map((r) => {
    const signer = r.fingerprint === null ? undefined : records.find((k) => k.fingerprint === r.fingerprint);
    const signerEmails = signer ? [...signer.info.emails] : [];
    // No From address to compare (e.g. a block pasted in a generic page): nothing to claim either way.
    const senderMismatch = sender === null ? false : from === null || !signerEmails.includes(from);
    return { ...r, signerEmails, senderMismatch };
  });
}
