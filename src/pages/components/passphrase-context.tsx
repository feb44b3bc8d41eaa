import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useState } from 'preact/hooks';
import type { ErrorCode } from '../../core/errors';
import { withPassphrase } from '../lib/passphrase-flow';
import { PassphraseDialog, type PassphraseRequest } from './passphrase-dialog';

type Ask = (fingerprint: string, label: string, problem: ErrorCode | null) => Promise<string | null>;

const AskContext = createContext<Ask>(async () => null);

/** Hosts the single passphrase dialog of a page; components ask through `usePassphraseRunner`. */
export function PassphraseProvider({ children }: { children: ComponentChildren }) {
  const [pending, setPending] = useState<(PassphraseRequest & { resolve(p: string | null): void }) | null>(null);
  const ask = useCallback<Ask>(
    (fingerprint, label, problem) => new Promise((resolve) => setPending({ fingerprint, label, problem, resolve })),
    [],
  );
  const done = (p: string | null) => {
    pending?.resolve(p);
    setPending(null);
  };
  return (
    <AskContext.Provider value={ask}>
      {children}
      <PassphraseDialog request={pending} onDone={done} />
    </AskContext.Provider>
  );
}

/**
 * `run(fingerprint, label, op)` tries `op(null)` (cached unlocked key) and asks for the
 * passphrase only if the background needs it. Resolves to null if the user cancelled.
 */
export function usePassphraseRunner() {
  const ask = useContext(AskContext);
  return useCallback(
    <R,>(fingerprint: string, label: string, op: (p: string | null) => Promise<R>) =>
      withPassphrase(op, (problem) => ask(fingerprint, label, problem)),
    [ask],
  );
}
