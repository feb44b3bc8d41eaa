/**
 * Message keys for enum values. Chrome message names allow only [A-Za-z0-9_@], so values
 * with hyphens (`expiring-soon`, `no-reason`) are mapped explicitly.
 */
import type { KeyStatus, RevocationReason } from '../../core/keys/model';
import type { MessageKey } from './i18n';

export const STATUS_LABEL: Record<KeyStatus, MessageKey> = {
  valid: 'status_valid',
  'expiring-soon': 'status_expiring_soon',
  expired: 'status_expired',
  revoked: 'status_revoked',
  invalid: 'status_invalid',
};

export const REASON_LABEL: Record<RevocationReason, MessageKey> = {
  'no-reason': 'reason_no_reason',
  superseded: 'reason_superseded',
  compromised: 'reason_compromised',
  retired: 'reason_retired',
};
