/**
 * Settings → security token (SG-06): shows the words and colour our frames and passphrase
 * dialogs carry, and lets the user draw a new one (e.g. if someone saw it over a shoulder).
 */
import { useEffect, useState } from 'preact/hooks';
import type { SecurityToken } from '../../../shared/security-token-protocol';
import { ErrorAlert } from '../../components/error-alert';
import { resetSecurityTokenCache, SecurityTokenView } from '../../components/security-token';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

export function SecurityTokenSection() {
  const load = useAction();
  const change = useAction();
  const [token, setToken] = useState<SecurityToken | null>(null);
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    void load.run(async () => setToken(await call('getSecurityToken', {})));
  }, []);

  const regenerate = async () => {
    setChanged(false);
    const next = await change.run(() => call('regenerateSecurityToken', {}));
    if (next) {
      setToken(next);
      resetSecurityTokenCache(next);
      setChanged(true);
    }
  };

  return (
    <div class="card" data-testid="sectoken-section">
      <h3>{t('sectoken_title')}</h3>
      <p class="hint">{t('sectoken_hint')}</p>
      <ErrorAlert error={load.error ?? change.error} />
      {token ? (
        <p>
          <SecurityTokenView token={token} />
        </p>
      ) : null}
      {changed ? (
        <p class="ok" role="status" data-testid="sectoken-changed">
          {t('sectoken_changed')}
        </p>
      ) : null}
      <button type="button" onClick={() => void regenerate()} disabled={change.busy || token === null} data-testid="sectoken-regenerate">
        {t('sectoken_regenerate')}
      </button>
    </div>
  );
}
