import { useState } from 'preact/hooks';
import type { RecipientKeyStatus } from '../../shared/mail-protocol';
import { shortFingerprint } from '../lib/format';
import { t, type MessageKey } from '../lib/i18n';
import { splitAddresses } from './quote';

const PROBLEM: Record<NonNullable<RecipientKeyStatus['problem']>, MessageKey> = {
  missing: 'compose_problem_missing',
  expired: 'compose_problem_expired',
  revoked: 'compose_problem_revoked',
  invalid: 'compose_problem_invalid',
};

interface Props {
  label: string;
  name: 'to' | 'cc' | 'bcc';
  addresses: string[];
  statuses: Map<string, RecipientKeyStatus>;
  onChange(next: string[]): void;
}

function Chip({ address, status, onRemove }: { address: string; status: RecipientKeyStatus | undefined; onRemove(): void }) {
  const ok = status?.key ? status.key : null;
  return (
    <li class={`chip ${ok ? 'chip-ok' : status ? 'chip-problem' : ''}`} data-testid="recipient" data-address={address} data-problem={status?.problem ?? ''}>
      <span class="chip-address">{address}</span>
      {ok ? (
        <span class="chip-key" title={ok.fingerprint}>
          {t('compose_key_for', shortFingerprint(ok.fingerprint))}
        </span>
      ) : status?.problem ? (
        <span class="chip-problem-text">{t(PROBLEM[status.problem])}</span>
      ) : null}
      <button type="button" class="chip-remove" aria-label={t('compose_remove_recipient', address)} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

/** One of To/Cc/Bcc: editable chips, each with the key it will be encrypted to or its problem. */
export function RecipientField({ label, name, addresses, statuses, onChange }: Props) {
  const [draft, setDraft] = useState('');
  const commit = () => {
    const added = splitAddresses(draft).filter((a) => !addresses.includes(a));
    if (added.length > 0) onChange([...addresses, ...added]);
    setDraft('');
  };
  return (
    <div class="recipients-row">
      <label for={`rcpt-${name}`}>{label}</label>
      <ul class="chips">
        {addresses.map((a) => (
          <Chip key={a} address={a} status={statuses.get(a)} onRemove={() => onChange(addresses.filter((x) => x !== a))} />
        ))}
        <li class="chip-input">
          <input
            id={`rcpt-${name}`}
            type="email"
            multiple
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ',' || e.key === ';') {
                e.preventDefault();
                commit();
              }
            }}
            onBlur={commit}
            data-testid={`recipient-input-${name}`}
          />
        </li>
      </ul>
    </div>
  );
}
