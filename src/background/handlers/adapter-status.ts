/**
 * reportAdapterStatus (content script) and getAdapterStatus (popup): the last adapter status
 * of each tab's top frame, kept in `storage.session` (gone when the browser closes; trusted
 * contexts only). Reports from sub-frames are ignored: the popup speaks about the page.
 */
import type { AdapterStatus } from '../../shared/adapter-status-protocol';
import type { StorageAreaLike } from '../browser-deps';
import { contentOrigin } from '../mail/binding';
import type { ContentGroup, PageGroup } from './context';

const KEY = 'adapterStatus:';

export interface AdapterStatusDeps {
  session(): StorageAreaLike;
  now(): Date;
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

export function adapterStatusContentHandlers(deps: AdapterStatusDeps): ContentGroup<'reportAdapterStatus'> {
  return {
    async reportAdapterStatus(req, { sender }) {
      const { tabId, frameId } = contentOrigin(sender);
      const origin = originOf(sender.url);
      if (frameId !== 0 || !origin) return {};
      const status: AdapterStatus = { ...req, origin, at: deps.now().toISOString() };
      await deps.session().set({ [`${KEY}${tabId}`]: status });
      return {};
    },
  };
}

export function adapterStatusPageHandlers(deps: AdapterStatusDeps): PageGroup<'getAdapterStatus'> {
  return {
    async getAdapterStatus({ tabId }) {
      const key = `${KEY}${tabId}`;
      const stored = (await deps.session().get(key))[key];
      return { status: (stored as AdapterStatus | undefined) ?? null };
    },
  };
}
