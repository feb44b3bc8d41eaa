/** Busy/error state around one async action; errors are kept for the form that failed. */
import { useCallback, useState } from 'preact/hooks';
import { restoreFocus } from './focus';
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
    // The control that started the action: it gets disabled while busy, which drops focus.
    const origin = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(toUiError(e));
      return undefined;
    } finally {
      setBusy(false);
      if (origin && origin !== document.body) restoreFocus(origin);
    }
  }, []);
  return { busy, error, setError, run };
}
