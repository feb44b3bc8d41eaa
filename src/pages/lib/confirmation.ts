/**
 * The asking side of a confirmation window (PI-03, confirm-protocol.ts): after `ask…` opened
 * the window, waits until the user answered there (or closed it). Woken by the background's
 * broadcast and by the confirmation's `storage.session` entry changing (extension contexts
 * only); a slow re-ask covers a notice lost to a worker restart. Nothing here is data from
 * the page: every wake-up only makes us ask the background.
 */
import type { ConfirmNotice, ConfirmOutcome } from '../../shared/confirm-protocol';
import { ext } from '../../shared/api';
import { call } from './rpc';

const RECHECK_MS = 3000;

function isNotice(m: unknown, id: string): m is ConfirmNotice {
  return typeof m === 'object' && m !== null && (m as ConfirmNotice).cachetConfirmation === 1 && (m as ConfirmNotice).confirmationId === id;
}

export function waitForConfirmation(confirmationId: string, signal?: AbortSignal): Promise<ConfirmOutcome> {
  return new Promise((resolve, reject) => {
    let asking = false;
    let again = false;
    const cleanup = () => {
      clearInterval(timer);
      ext.runtime.onMessage.removeListener(onMessage);
      ext.storage.onChanged.removeListener(onStorage);
      signal?.removeEventListener('abort', onAbort);
    };
    const check = () => {
      if (asking) {
        again = true;
        return;
      }
      asking = true;
      call('getConfirmationOutcome', { confirmationId }).then(
        (o) => {
          asking = false;
          if (o.state !== 'pending') {
            cleanup();
            resolve(o);
          } else if (again) {
            again = false;
            check();
          }
        },
        (e: unknown) => {
          cleanup();
          reject(e);
        },
      );
    };
    const onMessage = (m: unknown, sender: { id?: string }) => {
      if (sender.id === ext.runtime.id && isNotice(m, confirmationId)) check();
    };
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area === 'session' && Object.hasOwn(changes, `confirm:${confirmationId}`)) check();
    };
    const onAbort = () => {
      cleanup();
      reject(signal?.reason);
    };
    const timer = setInterval(check, RECHECK_MS);
    ext.runtime.onMessage.addListener(onMessage);
    ext.storage.onChanged.addListener(onStorage);
    signal?.addEventListener('abort', onAbort);
    check();
  });
}
