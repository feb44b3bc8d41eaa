/** What an error box shows: a background error code, or a local validation message. */
import type { ErrorCode } from '../../core/errors';
import type { MessageKey } from './i18n';
import { toRpcError } from './rpc';

export type UiError = { code: ErrorCode; detail?: string } | { key: MessageKey };

export function toUiError(e: unknown): UiError {
  const r = toRpcError(e);
  return r.detail === undefined ? { code: r.code } : { code: r.code, detail: r.detail };
}
