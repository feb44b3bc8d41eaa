/**
 * Publishing my key (issue 5 §3): per target (the vault's key directory, each configured
 * key server) the state — not published / pending verification / published — and a button
 * to publish. Nothing is published unless the user clicks. When the key is revoked, the
 * background pushes the revocation where the key was published as soon as this loads.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PublishState, PublishTarget } from '../../../shared/lookup-protocol';
import type { KeyView } from '../../../shared/protocol';
import { ErrorAlert } from '../../components/error-alert';
import { errorText, t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';

const STATE_KEY = { 'not-published': 'publish_state_not', pending: 'publish_state_pending', published: 'publish_state_published' } as const;

function targetOf(s: PublishState): PublishTarget {
  return s.kind === 'vault-directory' ? { kind: 'vault-directory' } : { kind: 'server', url: s.target };
}

function targetName(s: PublishState): string {
  return s.kind === 'vault-directory' ? t('publish_target_vault') : new URL(s.target).host;
}

export function PublishSection({ k }: { k: KeyView }) {
  const action = useAction();
  const [states, setStates] = useState<PublishState[] | null>(null);

  useEffect(() => {
    void action.run(async () => setStates((await call('getPublishState', { fingerprint: k.fingerprint })).states));
  }, [k.fingerprint, k.revoked]);

  const publish = (s: PublishState) =>
    action.run(async () => {
      await call('publishKey', { fingerprint: k.fingerprint, targets: [targetOf(s)] });
      setStates((await call('getPublishState', { fingerprint: k.fingerprint })).states);
    });

  return (
    <section class="card" aria-labelledby="publish-title" data-testid="publish-section">
      <h4 id="publish-title">{t('publish_title')}</h4>
      <p class="hint">{t('publish_hint')}</p>
      <ErrorAlert error={action.error} />
      {states && states.length === 0 ? <p class="muted">{t('publish_no_targets')}</p> : null}
      <ul>
        {states?.map((s) => (
          <li key={s.target} data-testid="publish-target" data-target={s.target} data-state={s.state}>
            <strong>{targetName(s)}</strong>: <span data-testid="publish-state">{t(STATE_KEY[s.state])}</span>
            {s.revocationPublished ? <span> · {t('publish_revocation_sent')}</span> : null}
            {s.lastError ? <span class="muted"> · {errorText(s.lastError)}</span> : null}{' '}
            {s.state === 'not-published' && !k.revoked ? (
              <button type="button" disabled={action.busy} onClick={() => void publish(s)} data-testid="publish-button">
                {t('publish_button')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
