import { useState } from 'preact/hooks';
import type { VaultStatus } from '../../../shared/protocol';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import { requestVaultOrigin } from './host-permission';

/** Address, e-mail and vault password; "Log in" or "Create an account". */
export function AccountForm({ status, onDone }: { status: VaultStatus; onDone(s: VaultStatus): void }) {
  const [url, setUrl] = useState(status.url ?? 'http://127.0.0.1:8787');
  const [email, setEmail] = useState(status.email ?? '');
  const [password, setPassword] = useState('');
  const action = useAction();

  const submit = async (kind: 'vaultLogin' | 'vaultRegister') => {
    // First, inside the user gesture: host permission for the vault's origin.
    if (!(await requestVaultOrigin(url))) {
      action.setError({ key: 'vault_permission_denied' });
      return;
    }
    const r = await action.run(() => call(kind, { url: url.trim(), email: email.trim(), password }));
    if (r) {
      setPassword('');
      onDone(r);
    }
  };

  return (
    <form
      class="card"
      data-testid="vault-account-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit('vaultLogin');
      }}
    >
      <label class="field">
        <span>{t('vault_url')}</span>
        <input type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} data-testid="vault-url" />
      </label>
      <label class="field">
        <span>{t('vault_email')}</span>
        <input type="email" required autocomplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} data-testid="vault-email" />
      </label>
      <label class="field">
        <span>{t('vault_password')}</span>
        <input
          type="password"
          required
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          data-testid="vault-password"
        />
      </label>
      <p class="hint" data-testid="vault-password-note">
        {t('vault_password_note')}
      </p>
      <ErrorAlert error={action.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={action.busy} data-testid="vault-login">
          {t('vault_login')}
        </button>
        <button type="button" disabled={action.busy} onClick={() => void submit('vaultRegister')} data-testid="vault-register">
          {t('vault_register')}
        </button>
      </div>
    </form>
  );
}
