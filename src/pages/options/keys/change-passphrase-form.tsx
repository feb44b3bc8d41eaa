import { useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/error-alert';
import { NewPassphraseFields } from '../../components/new-passphrase-fields';
import { t } from '../../lib/i18n';
import { call } from '../../lib/rpc';
import { newPassphraseProblem } from '../../lib/strength-view';
import { useAction } from '../../lib/use-action';
import type { KeyView } from '../../../shared/protocol';

export function ChangePassphraseForm({ k, onChanged }: { k: KeyView; onChanged(k: KeyView): void }) {
  const [oldPass, setOld] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    const problem = newPassphraseProblem(next, confirm);
    if (problem) return action.setError({ key: problem });
    const r = await action.run(() =>
      call('changePassphrase', { fingerprint: k.fingerprint, oldPassphrase: oldPass, newPassphrase: next }),
    );
    if (r) {
      setOld('');
      setNext('');
      setConfirm('');
      setDone(true);
      onChanged(r.key);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="chpass-title">
      <h4 id="chpass-title">{t('change_passphrase')}</h4>
      <label class="field">
        <span>{t('current_passphrase')}</span>
        <input
          type="password"
          autocomplete="current-password"
          value={oldPass}
          onInput={(e) => setOld(e.currentTarget.value)}
          data-testid="change-passphrase-old"
        />
      </label>
      <NewPassphraseFields value={next} confirm={confirm} onValue={setNext} onConfirm={setConfirm} testid="change-passphrase-new" />
      <ErrorAlert error={action.error} />
      {done ? (
        <p role="status" class="ok" data-testid="change-passphrase-done">
          {t('passphrase_changed')}
        </p>
      ) : null}
      <button type="submit" disabled={action.busy || oldPass === ''} data-testid="key-action-change-passphrase">
        {t('change_passphrase')}
      </button>
    </form>
  );
}
