/** SitesDeps from the running browser's extension API, read when first used (not at import: tests run in Node). */
import { ext } from '../../shared/api';
import type { SitesDeps } from './deps';

export function browserSitesDeps(): SitesDeps {
  return {
    scripting: ext.scripting as unknown as SitesDeps['scripting'],
    permissions: ext.permissions,
    tabs: ext.tabs,
    local: ext.storage.local,
    builtIn: () => (ext.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.matches ?? []),
  };
}
