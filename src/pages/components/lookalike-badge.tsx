/**
 * KM-04 homoglyphs: the warning shown next to a user ID whose letters mix scripts
 * (`аlice` with a Cyrillic "а"), whose address is not Latin, or whose domain is punycode.
 * The background flags it (`UserIdInfo.lookalike`, `SignerView.signerLookalike`); the
 * fingerprint, not the name, is what identifies a key (KM-05).
 */
import { t } from '../lib/i18n';

export function LookalikeBadge({ show, readsAs, testid = 'uid-lookalike' }: { show: boolean | undefined; readsAs?: string | undefined; testid?: string }) {
  if (!show) return null;
  return (
    <span class="badge badge-warn" role="note" title={t('uid_lookalike_hint')} data-testid={testid}>
      ⚠ {t('uid_lookalike')}
      {readsAs ? <span data-testid={`${testid}-reads-as`}> — {t('uid_lookalike_reads_as', readsAs)}</span> : null}
    </span>
  );
}
