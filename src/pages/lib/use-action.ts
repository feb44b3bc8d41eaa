/** Busy/error state around one async action; errors are kept for the form that failed. */
import { useCallback, useState } from 'preact/hooks';
import { toUiError, type UiError } from './ui-error';

export interface Action {
  busy: boolean;
  error: UiError | null;
  setError(e: UiError | null): void;
  /** Runs `fn`; on failure stores the error and resolves to undefined. */
  run<R>(fn: () => Promise<R>): Promise<R | undefined>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const run = useCallback(async <R,>(fn: () => Promise<R>): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(toUiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
