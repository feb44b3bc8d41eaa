/** Per-signature results as the read frame shows them, with the sender check (SG-04). */
import type { SignatureResult } from '../../core/messages/signature-result';
import type { SignerView } from '../../shared/mail-protocol';
import type { KeyRecord } from '../keystore/db';
import { parseAddress } from './addresses';
import { checkUidScripts } from '../../core/keys/mixed-script';

export function signerViews(results: SignatureResult[], records: KeyRecord[], sender: string | null): SignerView[] {
  const from = sender === null ? null : parseAddress(sender);
  return results.map((r) => {
    const signer = r.fingerprint === null ? undefined : records.find((k) => k.fingerprint === r.fingerprint);
    const signerEmails = signer ? [...signer.info.emails] : [];
    // No From address to compare (e.g. a block pasted in a generic page): nothing to claim either way.
    const senderMismatch = sender === null ? false : from === null || !signerEmails.includes(from);
    // KM-04: re-checked here too, so keys stored before `lookalike` existed are flagged as well.
    const signerLookalike = signer ? signer.info.userIds.some((u) => u.lookalike === true || checkUidScripts(u.userId).warn) : false;
    return { ...r, signerEmails, senderMismatch, signerLookalike };
  });
}
