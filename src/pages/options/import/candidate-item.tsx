import { Fingerprint } from '../../components/fingerprint';
import { LookalikeBadge } from '../../components/lookalike-badge';
import { NewPassphraseFields } from '../../components/new-passphrase-fields';
import { t } from '../../lib/i18n';
import type { ImportCandidate } from '../../../shared/protocol';

export interface CandidateSecrets {
  passphrase: string;
  newPassphrase: string;
  newConfirm: string;
}

interface Props {
  c: ImportCandidate;
  secrets: CandidateSecrets;
  onSecrets(s: CandidateSecrets): void;
}

/** One key found in the input, with the passphrase fields its secret part needs. */
export function CandidateItem({ c, secrets, onSecrets }: Props) {
  const fpr = c.fingerprint;
  return (
    <li class="card" data-testid={`import-candidate-${fpr}`}>
      <Fingerprint value={fpr} />
      <ul class="plain">
        {c.info.userIds.map((u, i) => (
          <li key={i}>
            {u.userId}
            <LookalikeBadge show={u.lookalike} readsAs={u.lookalikeReadsAs} />
            {u.sanitized ? <span class="badge badge-warn"> ⚠ {t('uid_sanitized')}</span> : null}
          </li>
        ))}
      </ul>
      <p>
        <span class="badge">{c.secret === 'none' ? t('public_only') : t('has_secret')}</span> {c.info.algorithm}
        {c.existing ? <span class="badge badge-info"> {t('import_existing')}</span> : null}
      </p>
      {c.secret === 'protected' ? (
        <label class="field">
          <span>{t('import_current_passphrase')}</span>
          <input
            type="password"
            autocomplete="off"
            value={secrets.passphrase}
            onInput={(e) => onSecrets({ ...secrets, passphrase: e.currentTarget.value })}
            data-testid={`import-passphrase-${fpr}`}
          />
        </label>
      ) : null}
      {c.secret === 'unprotected' ? (
        <>
          <p class="hint warn">{t('import_unprotected')}</p>
          <NewPassphraseFields
            value={secrets.newPassphrase}
            confirm={secrets.newConfirm}
            onValue={(v) => onSecrets({ ...secrets, newPassphrase: v })}
            onConfirm={(v) => onSecrets({ ...secrets, newConfirm: v })}
            testid={`import-new-passphrase-${fpr}`}
          />
        </>
      ) : null}
    </li>
  );
}
