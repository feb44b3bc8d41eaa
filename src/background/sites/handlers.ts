/** listSites, enableSite, disableSite (PageProtocol; the popup's "Enable Cachet on this site"). */
import type { PageGroup } from '../handlers/context';
import type { SitesDeps } from './deps';
import { disableSite, enableSite, listSites } from './sites';

export function sitesHandlers(deps: () => SitesDeps): PageGroup<'listSites' | 'enableSite' | 'disableSite'> {
  return {
    listSites: () => listSites(deps()),
    enableSite: (req) => enableSite(deps(), req.origin, req.tabId),
    disableSite: (req) => disableSite(deps(), req.origin),
  };
}
