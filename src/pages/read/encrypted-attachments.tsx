/**
 * Encrypted attachments of an inline-armor mail (`name.pgp` / `name.asc`, handed to the
 * background as ciphertext by the webmail adapter): listed by their plaintext name, each
 * decrypted on its own click (PI-04) with progress, integrity checked in the background,
 * and offered for download from this extension frame only (never through the page). A
 * failure (not for my keys, tampered, too big, not downloaded) is shown for that file
 * alone; the body above is never affected.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ErrorCode } from '../../core/errors';
import type { SignerView, WireFile } from '../../shared/mail-protocol';
import type { EncryptedAttachmentView } from '../../shared/read-attachments-protocol';
import { errorText, t } from '../lib/i18n';
import { call, toRpcError } from '../lib/rpc';
import { downloadName, save } from './attachments';
import { useKeyPassphrase } from './key-passphrase';
import { SignaturePanel } from './signature-panel';

type ItemState =
  | { step: 'idle' }
  | { step: 'busy' }
  | { step: 'done'; file: WireFile; signatures: SignerView[] }
  | { step: 'error'; code: ErrorCode | 'UNAVAILABLE'; detail?: string };

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function initial(a: EncryptedAttachmentView): ItemState {
  if (a.problem === 'too-large') return { step: 'error', code: 'TOO_LARGE' };
  if (a.problem === 'unavailable') return { step: 'error', code: 'UNAVAILABLE' };
  return { step: 'idle' };
}

export function EncryptedAttachments({ sessionId, sender }: { sessionId: string; sender: string | null }) {
  const [list, setList] = useState<EncryptedAttachmentView[]>([]);
  const [states, setStates] = useState<Record<number, ItemState>>({});
  const { run, dialog } = useKeyPassphrase();

  useEffect(() => {
    call('listReadAttachments', { sessionId }).then(
      (r) => {
        setList(r.attachments);
        setStates(Object.fromEntries(r.attachments.map((a) => [a.index, initial(a)])));
      },
      () => setList([]), // the body's own view already says what is wrong with the session
    );
  }, [sessionId]);

  const set = (index: number, s: ItemState) => setStates((prev) => ({ ...prev, [index]: s }));

  const decrypt = async (a: EncryptedAttachmentView) => {
    set(a.index, { step: 'busy' });
    try {
      const r = await run((passphrase) => call('decryptReadAttachment', { sessionId, index: a.index, passphrase }));
      if (!r) return set(a.index, { step: 'idle' });
      set(a.index, { step: 'done', file: r.value.file, signatures: r.value.signatures });
      save(r.value.file);
    } catch (e) {
      const err = toRpcError(e);
      set(a.index, { step: 'error', code: err.code, ...(err.detail === undefined ? {} : { detail: err.detail }) });
    }
  };

  if (list.length === 0) return null;
  return (
    <section aria-label={t('readatt_title')} data-testid="encrypted-attachments">
      <h3>{t('readatt_title')}</h3>
      <ul class="attachments">
        {list.map((a) => {
          const s = states[a.index] ?? initial(a);
          const name = downloadName(a.name);
          return (
            <li key={a.index} data-testid="encrypted-attachment" data-name={a.name} data-step={s.step}>
              {s.step === 'idle' ? (
                <button type="button" onClick={() => void decrypt(a)} data-testid="attachment-decrypt">
                  {t('readatt_decrypt', name)}
                </button>
              ) : null}
              {s.step === 'busy' ? (
                <span role="status">
                  <progress /> {t('readatt_decrypting', name)}
                </span>
              ) : null}
              {s.step === 'done' ? (
                <>
                  <button type="button" onClick={() => save(s.file)} data-testid="attachment-save">
                    {t('readatt_save', name)}
                  </button>
                  <SignaturePanel
                    result={{ text: null, html: null, attachments: [], nestedEncrypted: 0, signatures: s.signatures, signedScope: s.signatures.length > 0 ? 'all' : 'none' }}
                    sender={sender}
                  />
                </>
              ) : null}
              {s.step === 'error' ? (
                <div class="alert" role="alert" data-testid="attachment-error" data-code={s.code}>
                  <strong>{name}</strong>: {s.code === 'UNAVAILABLE' ? t('readatt_unavailable') : errorText(s.code)}
                  {s.detail !== undefined && s.code !== 'PASSPHRASE_REQUIRED' && s.code !== 'WRONG_PASSPHRASE' ? <div class="alert-detail">{s.detail}</div> : null}
                  {s.code !== 'TOO_LARGE' && s.code !== 'UNAVAILABLE' && s.code !== 'NO_MATCHING_KEY' && s.code !== 'DECRYPT_FAILED' ? (
                    <button type="button" onClick={() => void decrypt(a)} data-testid="attachment-retry">
                      {t('read_retry')}
                    </button>
                  ) : null}
                </div>
              ) : null}
              {a.size > 0 ? <span class="muted"> {sizeText(a.size)}</span> : null}
            </li>
          );
        })}
      </ul>
      {dialog}
    </section>
  );
}
