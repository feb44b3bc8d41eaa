import { useState } from 'preact/hooks';
import type { ErrorCode } from '../../core/errors';
import { errorText, t } from '../lib/i18n';
import { Fingerprint } from './fingerprint';
import { Modal } from './modal';
import { SecurityToken } from './security-token';

export interface PassphraseRequest {
  fingerprint: string;
  label: string;
  problem: ErrorCode | null;
}

interface Props {
  request: PassphraseRequest | null;
  onDone(passphrase: string | null): void;
}

/** Asks the passphrase of one key; lives only in extension pages (SG-06), never in the web page. */
export function PassphraseDialog({ request, onDone }: Props) {
  return (
    <Modal open={request !== null} title={t('passphrase_dialog_title')} onCancel={() => onDone(null)} testid="passphrase-dialog">
      {request ? <PassphraseForm request={request} onDone={onDone} /> : null}
    </Modal>
  );
}

function PassphraseForm({ request, onDone }: { request: PassphraseRequest; onDone(p: string | null): void }) {
  const [value, setValue] = useState('');
  return (
    <form
      method="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        if (value !== '') onDone(value);
      }}
    >
      <p>
        <SecurityToken />
      </p>
      <p>{t('passphrase_dialog_for', request.label)}</p>
      <p>
        <Fingerprint value={request.fingerprint} />
      </p>
      {request.problem ? (
        <div class="alert" role="alert" data-testid="error" data-code={request.problem}>
          {errorText(request.problem)}
        </div>
      ) : null}
      <label class="field">
        <span>{t('passphrase')}</span>
        <input
          type="password"
          autocomplete="current-password"
          autoFocus
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          data-testid="passphrase-dialog-input"
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={value === ''} data-testid="passphrase-dialog-ok">
          {t('ok')}
        </button>
        <button type="button" onClick={() => onDone(null)} data-testid="passphrase-dialog-cancel">
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
