/**
 * "Let this webmail use Cachet for PGP/MIME (Mailvelope API)" for the active tab's origin
 * (issue 6 §1): a switch separate from "Cachet runs on this site", because it puts
 * `window.mailvelope` into the page's own world. The host permission is requested inside the
 * click (user gesture); the background registers the page script and bridge for the origin.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from '../components/error-alert';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { useAction } from '../lib/use-action';

interface PopupApi {
  tabs: { query(q: { active: boolean; currentWindow: boolean }): Promise<Array<{ url?: string }>> };
  permissions: { request(p: { origins: string[] }): Promise<boolean> };
}

function api(): PopupApi | null {
  const g = globalThis as { browser?: PopupApi; chrome?: PopupApi };
  return g.browser ?? g.chrome ?? null;
}

export function PageApiToggle() {
  const [origin, setOrigin] = useState<string | null>(null);
  const [on, setOn] = useState(false);
  const action = useAction();

  useEffect(() => {
    void action.run(async () => {
      const [active] = (await api()?.tabs.query({ active: true, currentWindow: true })) ?? [];
      const url = active?.url ? new URL(active.url) : null;
      if (!url || !/^https?:$/.test(url.protocol)) return;
      const { origins } = await call('listPageApiSites', {});
      setOrigin(url.origin);
      setOn(origins.includes(url.origin));
    });
  }, []);

  if (!origin) return <ErrorAlert error={action.error} />;

  const toggle = (enabled: boolean) => {
    // Synchronously inside the click: the permission prompt needs the user gesture.
    const u = new URL(origin);
    const granted = enabled ? (api()?.permissions.request({ origins: [`${u.protocol}//${u.hostname}/*`] }) ?? Promise.resolve(false)) : Promise.resolve(true);
    void action.run(async () => {
      if (!(await granted)) return;
      const { origins } = await call('setPageApiSite', { origin, enabled });
      setOn(origins.includes(origin));
    });
  };

  return (
    <section class="page-api-toggle" data-testid="page-api-toggle">
      <label class="check">
        <input type="checkbox" checked={on} disabled={action.busy} onChange={(e) => toggle(e.currentTarget.checked)} data-testid="page-api-toggle-input" />{' '}
        {t('pageapi_site_toggle')}
      </label>
      <p class="hint">{t('pageapi_site_toggle_help')}</p>
      <ErrorAlert error={action.error} />
    </section>
  );
}
