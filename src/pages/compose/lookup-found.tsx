/**
 * One key a look-up found for one address. `new`: import after confirming. `conflict`
 * (KM-01): both fingerprints side by side; keeping the current key is the default, using
 * the new one needs an explicit confirmation. `known`: nothing to do.
 */
import { LookalikeBadge } from '../components/lookalike-badge';
import { useState } from 'preact/hooks';
import type { LookupFound } from '../../shared/lookup-protocol';
import { ConfirmDialog } from '../components/confirm-dialog';
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
  const [confirm, setConfirm] = useState<null | 'import' | 'replace'>(null);
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
        <button type="button" disabled={busy} data-testid="lookup-import" onClick={() => setConfirm('import')}>
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
          <button type="button" disabled={busy} data-testid="lookup-replace" onClick={() => setConfirm('replace')}>
            {t('lookup_use_new')}
          </button>
        </div>
      ) : null}
      {kept ? <p class="muted" data-testid="lookup-kept">{t('lookup_kept')}</p> : null}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'replace' ? t('lookup_replace_title') : t('lookup_import_title')}
        testid="lookup-confirm"
        confirmLabel={confirm === 'replace' ? t('lookup_use_new') : t('lookup_import')}
        danger={confirm === 'replace'}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const replace = confirm === 'replace';
          setConfirm(null);
          onImport(replace);
        }}
      >
        <p>{t('lookup_confirm_text', address)}</p>
        <Fingerprint value={found.fingerprint} />
        <SourceList sources={found.sources} />
      </ConfirmDialog>
    </li>
  );
}
