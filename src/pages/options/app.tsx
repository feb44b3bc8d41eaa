import { PassphraseProvider } from '../components/passphrase-context';
import { t, type MessageKey } from '../lib/i18n';
import type { Route } from '../lib/routes';
import { GeneratePage } from './generate/generate-page';
import { ImportPage } from './import/import-page';
import { KeyDetailPage } from './keys/key-detail-page';
import { KeyListPage } from './keys/key-list-page';
import { SettingsPage } from './settings/settings-page';
import { useRoute } from './use-route';
import { VaultPage } from './vault/vault-page';

const TABS: Array<{ view: 'keys' | 'generate' | 'import' | 'settings' | 'vault'; label: MessageKey }> = [
  { view: 'keys', label: 'nav_keys' },
  { view: 'generate', label: 'nav_generate' },
  { view: 'import', label: 'nav_import' },
  { view: 'settings', label: 'nav_settings' },
  { view: 'vault', label: 'nav_vault' },
];

export function App() {
  const [route, go] = useRoute();
  const current = route.view === 'key' ? 'keys' : route.view;
  return (
    <PassphraseProvider>
      <header class="topbar">
        <h1>{t('extName')}</h1>
        <nav aria-label={t('nav_label')}>
          {TABS.map((tab) => (
            <a
              key={tab.view}
              href={`#/${tab.view}`}
              aria-current={current === tab.view ? 'page' : undefined}
              data-testid={`nav-${tab.view}`}
            >
              {t(tab.label)}
            </a>
          ))}
        </nav>
      </header>
      <main>
        <Page route={route} go={go} />
      </main>
    </PassphraseProvider>
  );
}

function Page({ route, go }: { route: Route; go(r: Route): void }) {
  switch (route.view) {
    case 'keys':
      return <KeyListPage />;
    case 'key':
      return <KeyDetailPage key={route.fingerprint} fingerprint={route.fingerprint} onDeleted={() => go({ view: 'keys' })} />;
    case 'generate':
      return <GeneratePage />;
    case 'import':
      return <ImportPage />;
    case 'settings':
      return <SettingsPage />;
    case 'vault':
      return <VaultPage />;
  }
}
