import { formatDateTime, lockSummary } from '../lib/format';
import { t, uiLang } from '../lib/i18n';
import type { UnlockedEntry } from '../../shared/protocol';

/** "2 keys unlocked until 14:05" or "All keys locked". */
export function LockStatus({ unlocked }: { unlocked: UnlockedEntry[] }) {
  const s = lockSummary(unlocked);
  return (
    <p data-testid="lock-status" data-unlocked={s.count}>
      {s.count === 0 || s.until === null
        ? t('lock_all_locked')
        : t('lock_unlocked_until', [String(s.count), formatDateTime(s.until, uiLang())])}
    </p>
  );
}
