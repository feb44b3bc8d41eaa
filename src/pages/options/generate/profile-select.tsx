import type { KeyProfile } from '../../../core/keys/model';
import { t } from '../../lib/i18n';

const PROFILES: KeyProfile[] = ['ecc', 'rsa3072', 'rsa4096', 'v6'];

/** Key profile; v6 (RFC 9580) carries a plain interoperability warning. */
export function ProfileSelect({ value, onChange }: { value: KeyProfile; onChange(p: KeyProfile): void }) {
  return (
    <>
      <label class="field">
        <span>{t('profile')}</span>
        <select value={value} onChange={(e) => onChange(e.currentTarget.value as KeyProfile)} data-testid="generate-profile">
          {PROFILES.map((p) => (
            <option key={p} value={p}>
              {t(`profile_${p}`)}
            </option>
          ))}
        </select>
      </label>
      {value === 'v6' ? (
        <p class="hint warn" data-testid="generate-v6-warning">
          {t('profile_v6_warning')}
        </p>
      ) : null}
    </>
  );
}
