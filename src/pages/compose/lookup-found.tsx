/**
 * One key a look-up found for one address. `new`: import after confirming. `conflict`
 * (KM-01): both fingerprints side by side; keeping the current key is the default, using
 * the new one needs an explicit confirmation. `known`: nothing to do. The confirmation itself
 * is asked in a Cachet window, never in this frame (PI-03; lookup-panel.tsx).
 */
import { LookalikeBadge } from '../components/lookalike-badge';
import { useState } from 'preact/hooks';
import type { LookupFound } from '../../shared/lookup-protocol';
import { Fingerprint } from '../components/fingerprint';
import { t } from '../lib/i18n';
import { SourceList } from './lookup-source';

interface Props {
  address: string;
  found: LookupFound;
  busy: boolean;
  onImport(replace: boolean): void;
}

export function LookupFoundKey({ address, found, busy, onImport }: Props) {
  const [kept, setKept] = useState(false);
  const shownUid = found.info.userIds.find((u) => u.email === address);
  const uid = shownUid?.userId ?? address;
  return (
    <li class={`lookup-found lookup-${found.state}`} data-testid="lookup-found" data-state={found.state} data-fingerprint={found.fingerprint}>
      <div>
        <strong>{uid}</strong> <LookalikeBadge show={found.info.userIds.some((u) => u.lookalike)} readsAs={found.info.userIds.find((u) => u.lookalikeReadsAs)?.lookalikeReadsAs} /> <Fingerprint value={found.fingerprint} testid="lookup-found-fpr" />
      </div>
      <SourceList sources={found.sources} />
      {found.state === 'known' ? <p class="muted">{t('lookup_known')}</p> : null}
      {found.state === 'new' ? (
        <button type="button" disabled={busy} data-testid="lookup-import" onClick={() => onImport(false)}>
          {t('lookup_import')}
        </button>
      ) : null}
      {found.state === 'conflict' && !kept ? (
        <div class="warning" role="alert" data-testid="lookup-conflict">
          <p>{t('lookup_conflict', address)}</p>
          <p>
            {t('lookup_conflict_current')}{' '}
            {found.conflictsWith.map((f) => (
              <Fingerprint key={f} value={f} testid="lookup-conflict-current" />
            ))}
          </p>
          <p>
            {t('lookup_conflict_found')} <Fingerprint value={found.fingerprint} testid="lookup-conflict-found" />
          </p>
          <button type="button" class="primary" data-testid="lookup-keep" onClick={() => setKept(true)}>
            {t('lookup_keep_current')}
          </button>{' '}
          <button type="button" disabled={busy} data-testid="lookup-replace" onClick={() => onImport(true)}>
            {t('lookup_use_new')}
          </button>
        </div>
      ) : null}
      {kept ? <p class="muted" data-testid="lookup-kept">{t('lookup_kept')}</p> : null}
    </li>
  );
}
