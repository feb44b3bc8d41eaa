/**
 * The page-API editor's quoted mail (reply/forward/draft): asks the background once on
 * mount — it decrypts at once only under the read view's auto-decrypt rule — otherwise the
 * frame shows a button, and the user's click (with the passphrase dialog if the key is
 * locked) decrypts. A quote that is not for the user's keys, or damaged, leaves the editor
 * as it is, with a note.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PageApiPageProtocol } from '../../shared/page-api-protocol';
import type { WireFile } from '../../shared/mail-protocol';
import { call } from '../lib/rpc';
import { toUiError, type UiError } from '../lib/ui-error';
import type { DecryptedQuote } from './page-api-quote';

type Run = <R>(op: (p: string | null) => Promise<R>) => Promise<{ value: R } | null>;
type QuoteRes = PageApiPageProtocol['getPageApiQuote']['res'];

export type QuoteStep = 'none' | 'asking' | 'click' | 'working' | 'quoted' | 'failed';

export function usePageApiQuote(sessionId: string, run: Run, onQuote: (q: DecryptedQuote, attachments: WireFile[]) => void) {
  const [step, setStep] = useState<QuoteStep>('asking');
  const [error, setError] = useState<UiError | null>(null);

  const settle = (r: QuoteRes) => {
    if (r.status !== 'ok') return setStep(r.status);
    onQuote({ text: r.text, header: r.header, indent: r.indent }, r.attachments);
    setStep('quoted');
  };
  const fail = (e: unknown) => {
    setError(toUiError(e));
    setStep('failed');
  };

  useEffect(() => {
    call('getPageApiQuote', { sessionId, passphrase: null, clicked: false }).then(settle, fail);
  }, [sessionId]);

  const decrypt = async () => {
    setError(null);
    setStep('working');
    try {
      const r = await run((passphrase) => call('getPageApiQuote', { sessionId, passphrase, clicked: true }));
      if (r) settle(r.value);
      else setStep('click'); // the passphrase dialog was cancelled: the button stays
    } catch (e) {
      fail(e);
    }
  };

  return { step, error, decrypt };
}
