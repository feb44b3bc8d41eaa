import type { KeyStatus } from '../../core/keys/model';
import { STATUS_LABEL } from '../lib/labels';
import { t } from '../lib/i18n';

export function StatusBadge({ status }: { status: KeyStatus }) {
  return (
    <span class={`badge badge-${status}`} data-testid="key-status" data-status={status}>
      {t(STATUS_LABEL[status])}
    </span>
  );
}
