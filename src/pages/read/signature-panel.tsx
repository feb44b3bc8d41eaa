import type { ReadResult, SignerView } from '../../shared/mail-protocol';
import { LookalikeBadge } from '../components/lookalike-badge';
import { Fingerprint } from '../components/fingerprint';
import { formatDateTime } from '../lib/format';
import { t, uiLang, type MessageKey } from '../lib/i18n';
import { SignedPartNote } from './signed-part-note';

const STATUS: Record<SignerView['status'], { key: MessageKey; tone: 'good' | 'bad' | 'warn' }> = {
  good: { key: 'sig_good', tone: 'good' },
  bad: { key: 'sig_bad', tone: 'bad' },
  'unknown-key': { key: 'sig_unknown_key', tone: 'warn' },
  'expired-key': { key: 'sig_expired_key', tone: 'warn' },
  'revoked-key': { key: 'sig_revoked_key', tone: 'bad' },
};

function Signer({ s, sender }: { s: SignerView; sender: string | null }) {
  const { key, tone } = STATUS[s.status];
  // SG-04: a good signature by someone other than the sender is never shown as good.
  const shownTone = tone === 'good' && s.senderMismatch ? 'warn' : tone;
  return (
    <li class={`signer tone-${shownTone}`} data-testid="signer" data-status={s.status} data-mismatch={String(s.senderMismatch)}>
      <strong>{t(key)}</strong>
      <div>
        {s.signerEmails.length > 0 ? s.signerEmails.join(', ') : t('sig_no_address')}
        <LookalikeBadge show={s.signerLookalike} testid="signer-lookalike" />
      </div>
      {s.fingerprint ? <Fingerprint value={s.fingerprint} testid="signer-fpr" /> : <code class="fpr">{t('sig_key_id', s.keyId)}</code>}
      {s.created ? <div class="muted">{t('sig_signed_at', formatDateTime(s.created, uiLang()))}</div> : null}
      {s.senderMismatch ? (
        <div class="warning" role="alert" data-testid="sender-mismatch">
          {t('sig_sender_mismatch', sender ?? '?')}
        </div>
      ) : null}
    </li>
  );
}

/** Signature status, drawn only here in our frame (SG-06), with exactly what is signed (SG-01). */
export function SignaturePanel({ result, sender }: { result: ReadResult; sender: string | null }) {
  const sigs = result.signatures;
  const scope: MessageKey = sigs.length === 0 ? 'sig_scope_none' : result.signedScope === 'all' ? 'sig_scope_all' : 'sig_scope_part';
  return (
    <section class="signatures" aria-label={t('sig_title')} data-testid="signatures">
      <p class="sig-scope" data-testid="sig-scope" data-scope={sigs.length === 0 ? 'unsigned' : result.signedScope}>
        {t(scope)}
      </p>
      {result.mimeSigned ? <SignedPartNote view={result.mimeSigned} /> : null}
      {sigs.length > 0 ? (
        <ul class="signers">
          {sigs.map((s, i) => (
            <Signer key={i} s={s} sender={sender} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
