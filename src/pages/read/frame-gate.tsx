/**
 * Renders a webmail frame's app only once this document has claimed its session (PI-03):
 * nothing while waiting, and without a session only the "gone" error — never the app, so a
 * copy of our frame the page framed itself shows no Decrypt/Send button and not the user's
 * security token (SG-06) for a clickjacking overlay to borrow. The app reads
 * `claimedSessionId()`. A claim that succeeds after a refusal (or the wait) still mounts the app.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n';
import { useFrameClaim } from './frame-session';

export function FrameGate({ children }: { children: ComponentChildren }) {
  const state = useFrameClaim();
  if (state === 'waiting') return null;
  if (state === 'refused') {
    return (
      <main class="frame" data-testid="frame-unclaimed" data-step="error">
        <div class="alert" role="alert" data-testid="error" data-code="FORBIDDEN">
          <span>{t('mail_session_gone')}</span>
        </div>
      </main>
    );
  }
  return <>{children}</>;
}
