/**
 * The generate form's "publish" checkbox (issue 5 §3), off by default, and the publishing
 * that follows a generation when it is ticked: to every current target (the vault key
 * directory and the configured key servers). Failures show on the key's page (per-target state).
 */
import { call } from '../../lib/rpc';
import { t } from '../../lib/i18n';

export function PublishOnGenerate({ checked, onChange }: { checked: boolean; onChange(v: boolean): void }) {
  return (
    <label class="field checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} data-testid="generate-publish" />
      <span>{t('publish_on_generate')}</span>
    </label>
  );
}

/** Publishes a freshly generated key everywhere it can go; resolves when done (errors stay in the state). */
export async function publishEverywhere(fingerprint: string): Promise<void> {
  const { targets } = await call('getPublishState', { fingerprint });
  if (targets.length > 0) await call('publishKey', { fingerprint, targets });
}
