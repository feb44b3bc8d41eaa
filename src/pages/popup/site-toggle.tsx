/**
 * "Enable Cachet on this site" for the active tab's origin. The host permission is requested
 * right in the click handler — Firefox (and Chrome's user-gesture check) accept
 * `permissions.request` only synchronously inside a user action — then the background
 * registers the content script for the origin and runs it in this tab (src/background/sites).
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from '../components/error-alert';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { useAction } from '../lib/use-action';

interface PopupTabsApi {
  tabs: { query(q: { active: boolean; currentWindow: boolean }): Promise<Array<{ id?: number; url?: string }>> };
  permissions: { request(p: { origins: string[] }): Promise<boolean> };
}

function api(): PopupTabsApi | null {
  const g = globalThis as { browser?: PopupTabsApi; chrome?: PopupTabsApi };
  return g.browser ?? g.chrome ?? null;
}


/** Match pattern for an origin: the same one the background registers (patterns cannot name ports). */
function sitePattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

function matchesBuiltIn(origin: string, patterns: string[]): boolean {
  const u = new URL(origin);
  return patterns.some((p) => {
    const m = /^(\*|https?):\/\/([^/]+)\//.exec(p);
    if (!m) return false;
    const schemeOk = m[1] === '*' ? /^https?:$/.test(u.protocol) : `${m[1]}:` === u.protocol;
    const host = m[2] ?? '';
    const hostOk = host === '*' || host === u.hostname || (host.startsWith('*.') && u.hostname.endsWith(host.slice(1)));
    return schemeOk && hostOk;
  });
}

export function SiteToggle() {
  const [tab, setTab] = useState<{ id: number | null; origin: string } | null>(null);
  const [state, setState] = useState<'enabled' | 'builtin' | 'off' | null>(null);
  const [denied, setDenied] = useState(false);
  const action = useAction();

  useEffect(() => {
    void action.run(async () => {
      const [active] = (await api()?.tabs.query({ active: true, currentWindow: true })) ?? [];
      const url = active?.url ? new URL(active.url) : null;
      if (!url || !/^https?:$/.test(url.protocol)) return;
      const { sites, builtIn } = await call('listSites', {});
      setTab({ id: active?.id ?? null, origin: url.origin });
      setState(sites.includes(url.origin) ? 'enabled' : matchesBuiltIn(url.origin, builtIn) ? 'builtin' : 'off');
    });
  }, []);

  if (!tab || !state) return <ErrorAlert error={action.error} />;

  const enable = () => {
    // Synchronously inside the click: the permission prompt needs the user gesture.
    const granted = api()?.permissions.request({ origins: [sitePattern(tab.origin)] }) ?? Promise.resolve(false);
    void action.run(async () => {
      const ok = await granted;
      setDenied(!ok);
      if (!ok) return;
      await call('enableSite', { origin: tab.origin, tabId: tab.id });
      setState('enabled');
    });
  };
  const disable = () =>
    void action.run(async () => {
      await call('disableSite', { origin: tab.origin });
      setState('off');
    });

  return (
    <div class="card" data-testid="site-toggle" data-origin={tab.origin}>
      <p>
        <code>{tab.origin}</code>
      </p>
      {state === 'builtin' ? <p>{t('site_builtin')}</p> : null}
      {state === 'enabled' ? <p>{t('site_enabled')}</p> : null}
      {state === 'off' ? (
        <button type="button" class="primary" onClick={enable} disabled={action.busy} data-testid="site-enable">
          {t('site_enable')}
        </button>
      ) : null}
      {state === 'enabled' ? (
        <button type="button" onClick={disable} disabled={action.busy} data-testid="site-disable">
          {t('site_disable')}
        </button>
      ) : null}
      {denied ? (
        <div class="alert" role="alert">
          {t('site_denied')}
        </div>
      ) : null}
      <ErrorAlert error={action.error} />
    </div>
  );
}
