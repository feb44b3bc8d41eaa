/**
 * Key lookup and publishing handlers (issue 5). Page side: lookupKeys (importing what it
 * found is confirmed in an extension window: ../confirm/handlers.ts),
 * get/setLookupSettings, getPublishState, publishKey. Content side: autocryptSeen —
 * untrusted (it comes from the web page through the content script), see autocrypt-store.ts.
 */
import { browserLookupDeps } from '../lookup/browser';
import type { LookupDeps } from '../lookup/deps';
import { rememberAutocrypt } from '../lookup/autocrypt-store';
import { publishKey, publishStates } from '../lookup/publish';
import { LookupService } from '../lookup/service';
import { getLookupSettings, setLookupSettings } from '../lookup/settings';
import type { VaultEngine } from '../vault/engine';
import type { ContentGroup, HandlerContext, PageGroup } from './context';

type LookupPage = 'lookupKeys' | 'getLookupSettings' | 'setLookupSettings' | 'getPublishState' | 'publishKey';

/** `deps` defaults to the running browser's; tests pass their own. */
export function lookupHandlers(ctx: HandlerContext, vault: Pick<VaultEngine, 'status'>, deps?: LookupDeps): PageGroup<LookupPage> {
  let svc: LookupService | null = null;
  const service = (): LookupService => (svc ??= new LookupService(deps ?? browserLookupDeps(() => ctx.keystore(), vault)));
  return {
    async lookupKeys(req) {
      const unique = [...new Set(req.emails.map((e) => e.toLowerCase()))];
      return { results: await Promise.all(unique.map((e) => service().lookup(e))) };
    },
    getLookupSettings: () => getLookupSettings(service().deps.local),
    setLookupSettings: (req) => setLookupSettings(service().deps.local, req),
    getPublishState: (req) => publishStates(service(), req.fingerprint),
    async publishKey(req) {
      return { states: await publishKey(service(), req.fingerprint, req.targets) };
    },
  };
}

export function lookupContentHandlers(ctx: HandlerContext, deps?: LookupDeps): ContentGroup<'autocryptSeen'> {
  let svc: LookupService | null = null;
  // The content side never needs the vault: its status is not asked for.
  const service = (): LookupService => (svc ??= new LookupService(deps ?? browserLookupDeps(() => ctx.keystore(), { status: async () => ({ connected: false, url: null, email: null, lastSyncAt: null, lastError: null, pending: 0 }) })));
  return {
    async autocryptSeen(req) {
      return { stored: await rememberAutocrypt(await service().database(), req, ctx.now()) };
    },
  };
}
