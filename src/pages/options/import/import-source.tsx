import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { bytesToKeyData, textToKeyData } from '../../lib/key-data';
import type { UiError } from '../../lib/ui-error';
import type { KeyData } from '../../../shared/protocol';
import { MAX_IMPORT_BYTES } from '../../../core/keys/limits';

export interface SourceState {
  text: string;
  file: { name: string; data: KeyData } | null;
}

interface Props {
  source: SourceState;
  onSource(s: SourceState): void;
  busy: boolean;
  error: UiError | null;
  onInspect(data: KeyData): void;
  /** A paste over the import cap: refused before the browser lays out megabytes of text. */
  onTooLarge(): void;
}

/** Step 1: paste armored text or pick a file (armored or binary, one or several keys). */
export function ImportSource({ source, onSource, busy, error, onInspect, onTooLarge }: Props) {
  const { text, file } = source;
  const data = file ? file.data : text.trim() !== '' ? textToKeyData(text) : null;
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (data) onInspect(data);
      }}
    >
      <label class="field">
        <span>{t('import_paste')}</span>
        <textarea
          rows={8}
          class="mono"
          value={text}
          onInput={(e) => {
            onSource({ text: e.currentTarget.value, file: null });
          }}
          onPaste={(e) => {
            // A 10 MB textarea freezes the page for seconds (layout), so refuse it here.
            const pasted = e.clipboardData?.getData('text/plain') ?? '';
            if (pasted.length > MAX_IMPORT_BYTES) {
              e.preventDefault();
              onTooLarge();
            }
          }}
          data-testid="import-text"
        />
      </label>
      <label class="field">
        <span>{t('choose_file')}</span>
        <input
          type="file"
          accept=".asc,.gpg,.pgp,.key,.pub,.sec,.txt,application/pgp-keys"
          data-testid="import-file"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            if (f) onSource({ text, file: { name: f.name, data: bytesToKeyData(new Uint8Array(await f.arrayBuffer())) } });
          }}
        />
      </label>
      {file ? <p class="hint">{t('import_file_chosen', file.name)}</p> : null}
      <ErrorAlert error={error} />
      <button type="submit" class="primary" disabled={busy || data === null} data-testid="import-inspect">
        {t('import_inspect')}
      </button>
    </form>
  );
}
