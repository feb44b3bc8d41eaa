/**
 * "Cachet doesn't recognise this Gmail page; using basic mode" (issue 8 §2): shown when the
 * content script of the active tab fell back from its webmail adapter to the generic one, so
 * a webmail redesign is said plainly instead of failing silently. The background keeps the
 * last report per tab (src/background/handlers/adapter-status.ts); a report is shown only
 * while the tab still shows the origin that made it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AdapterStatus } from '../../shared/adapter-status-protocol';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';

interface PopupTabsApi {
  tabs: {
    query(q: { active: boolean; currentWindow: boolean }): Promise<Array<{ id?: number; url?: string }>>;
    get(id: number): Promise<{ id?: number; url?: string }>;
  };
}

/** Names as users know them; an unknown id (a future adapter) is shown as it is. */
const LABELS: Record<string, string> = { gmail: 'Gmail', outlook: 'Outlook', yahoo: 'Yahoo Mail' };

function api(): PopupTabsApi | null {
  const g = globalThis as { browser?: PopupTabsApi; chrome?: PopupTabsApi };
  return g.browser ?? g.chrome ?? null;
}

/** The tab the popup speaks about: the active one, or `?tab=<id>` when the popup is opened as a page (e2e tests). */
async function targetTab(): Promise<{ id?: number; url?: string } | undefined> {
  const asked = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(asked) && asked > 0) return api()?.tabs.get(asked);
  const [active] = (await api()?.tabs.query({ active: true, currentWindow: true })) ?? [];
  return active;
}

export function AdapterStatusNote() {
  const [status, setStatus] = useState<AdapterStatus | null>(null);
  useEffect(() => {
    void (async () => {
      const tab = await targetTab();
      if (typeof tab?.id !== 'number' || !tab.url) return;
      const origin = new URL(tab.url).origin;
      const { status: s } = await call('getAdapterStatus', { tabId: tab.id });
      if (s && s.state === 'fallback' && s.origin === origin) setStatus(s);
    })().catch(() => undefined); // secondary information: never hide the rest of the popup
  }, []);
  if (!status) return null;
  return (
    <div class="card alert" role="status" data-testid="adapter-fallback" data-adapter={status.adapter}>
      <p>{t('adapterstatus_fallback', LABELS[status.adapter] ?? status.adapter)}</p>
      <p>{t('adapterstatus_fallback_detail')}</p>
    </div>
  );
}
