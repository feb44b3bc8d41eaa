import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Fingerprint } from '../../components/fingerprint';
import { DELETE_WORD, deleteConfirmValue } from '../../lib/format';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';

/** Delete after a confirmation naming the fingerprint; private keys also need the word DELETE typed. */
export function DeleteSection({ k, onDeleted }: { k: KeyView; onDeleted(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const action = useAction();
  const confirm = deleteConfirmValue(k.hasSecret, k.fingerprint, typed);

  const remove = async () => {
    if (confirm === null) return;
    setConfirming(false);
    const r = await action.run(() => call('deleteKey', { fingerprint: k.fingerprint, confirm }));
    if (r) onDeleted();
  };

  return (
    <section class="card" aria-labelledby="delete-title">
      <h4 id="delete-title">{t('delete_title')}</h4>
      <p class="hint">{k.hasSecret ? t('delete_hint_secret') : t('delete_hint_public')}</p>
      <ErrorAlert error={action.error} />
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        onClick={() => {
          setTyped('');
          setConfirming(true);
        }}
        data-testid="key-action-delete"
      >
        {t('delete')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('delete_confirm_title')}
        testid="delete-confirm"
        confirmLabel={t('delete')}
        danger
        canConfirm={confirm !== null}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('delete_confirm_text')}</p>
        <p>
          <Fingerprint value={k.fingerprint} />
        </p>
        {k.hasSecret ? (
          <label class="field">
            <span>{t('delete_type_word', DELETE_WORD)}</span>
            <input
              type="text"
              autocomplete="off"
              autoFocus
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
              data-testid="delete-confirm-input"
            />
          </label>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
