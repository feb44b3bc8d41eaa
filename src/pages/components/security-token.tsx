/**
 * Shows the installation's security token (SG-06) next to our badges and in the passphrase
 * dialog. Rendered only in extension pages: a web page copying our frame cannot know the
 * words or colour, because it can neither read our cross-origin frame nor ask the background.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SecurityToken as Token } from '../../shared/security-token-protocol';
import { t } from '../lib/i18n';
import { call } from '../lib/rpc';

/** One fetch per page: every mount in the same frame shows the same token. */
let shared: Promise<Token> | null = null;

/** Forgets the cached token (after the user made a new one in Settings). */
export function resetSecurityTokenCache(next?: Token): void {
  shared = next ? Promise.resolve(next) : null;
}

export function SecurityTokenView({ token }: { token: Token }) {
  const phrase = token.words.join(' ');
  return (
    <span
      class="security-token"
      title={t('sectoken_tooltip')}
      aria-label={t('sectoken_aria', phrase)}
      data-testid="security-token"
      data-words={phrase}
      data-colour={token.colour}
      style={{ display: 'inline-flex', alignItems: 'center', gap: '0.35em', fontSize: '0.85em', marginInlineStart: 'auto' }}
    >
      <span aria-hidden="true" style={{ display: 'inline-block', width: '0.9em', height: '0.9em', borderRadius: '50%', background: token.colour }} />
      <span style={{ color: token.colour, fontWeight: 600 }}>{phrase}</span>
    </span>
  );
}

/** Fetches and shows the token; shows nothing if the background cannot answer (never a fake). */
export function SecurityToken() {
  const [token, setToken] = useState<Token | null>(null);
  useEffect(() => {
    let live = true;
    shared ??= call('getSecurityToken', {});
    shared.then(
      (v) => {
        if (live) setToken(v);
      },
      () => {
        shared = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return token ? <SecurityTokenView token={token} /> : null;
}
