/**
 * Encrypted drafts in the secure editor. "Save encrypted draft" sends what is typed to the
 * background, which encrypts it to the sender's own key only and writes the ciphertext into
 * the webmail's body like any compose result — so the webmail's own draft saving stores only
 * ciphertext. When the compose body already holds ciphertext for my keys alone
 * (`maybeDraft`), "Continue the draft" decrypts it here, in our frame, and refills the text,
 * recipients and mode; the plaintext never goes back to the page.
 */
import type { ComposeDraft, ComposeMode, Recipients, SessionId } from '../../shared/mail-protocol';

import { t } from '../lib/i18n';
import { call } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';
import type { useKeyPassphrase } from '../read/key-passphrase';

type Run = ReturnType<typeof useKeyPassphrase>['run'];

export interface DraftProps {
  sessionId: SessionId | null;
  /** The session says the quote is encrypted to my keys alone (it may be my draft). */
  maybeDraft: boolean;
  text: string;
  recipients: Recipients;
  mode: ComposeMode;
  busy: boolean;
  ready: boolean;
  run: Run;
  setBusy(b: boolean): void;
  setError(e: UiError | null): void;
  /** The draft was opened: refill the editor with it. */
  onOpened(d: ComposeDraft): void;
}

async function guarded(p: DraftProps, work: () => Promise<void>): Promise<void> {
  if (!p.sessionId) return;
  p.setError(null);
  p.setBusy(true);
  try {
    await work();
  } catch (e) {
    p.setError(toUiError(e));
  } finally {
    p.setBusy(false);
  }
}

/** Saves the draft: no passphrase is asked (signing only if the key is already unlocked). */
function save(p: DraftProps): Promise<void> {
  return guarded(p, async () => {
    await call('saveComposeDraft', { sessionId: p.sessionId!, text: p.text, recipients: p.recipients, mode: p.mode });
  });
}

function reopen(p: DraftProps): Promise<void> {
  return guarded(p, async () => {
    const r = await p.run((passphrase) => call('openComposeDraft', { sessionId: p.sessionId!, passphrase }));
    if (!r) return; // the passphrase dialog was cancelled
    if (r.value.draft) p.onOpened(r.value.draft);
    else p.setError({ key: 'draft_not_a_draft' });
  });
}

/** "Continue the draft", shown only when the compose body may hold one of my drafts. */
export function DraftContinue(p: DraftProps) {
  if (!p.maybeDraft) return null;
  return (
    <button type="button" onClick={() => void reopen(p)} disabled={p.busy} data-testid="compose-continue-draft">
      {t('draft_continue')}
    </button>
  );
}

/** "Save encrypted draft", next to Encrypt in the editor's actions. */
export function DraftSave(p: DraftProps) {
  return (
    <button type="button" onClick={() => void save(p)} disabled={p.busy || !p.ready} title={t('draft_save_hint')} data-testid="compose-save-draft">
      {t('draft_save')}
    </button>
  );
}
