/** "Where this key came from", in words (shown next to every found key's fingerprint). */
import type { LookupSource } from '../../shared/lookup-protocol';
import { t } from '../lib/i18n';

export function sourceText(s: LookupSource): string {
  switch (s.kind) {
    case 'keyring':
      return t('lookup_source_keyring');
    case 'vault-directory':
      return t('lookup_source_vault', new URL(s.url).host);
    case 'wkd':
      return t('lookup_source_wkd', s.domain);
    case 'vks':
    case 'hkp':
      return t('lookup_source_server', new URL(s.url).host);
    case 'autocrypt':
      return t('lookup_source_autocrypt', s.seenAt.slice(0, 10));
  }
}

export function SourceList({ sources }: { sources: LookupSource[] }) {
  return (
    <ul class="lookup-sources" data-testid="lookup-sources">
      {sources.map((s, i) => (
        <li key={i} data-source={s.kind}>
          {sourceText(s)}
        </li>
      ))}
    </ul>
  );
}
