import { useState } from 'preact/hooks';
import type { WireFile } from '../../shared/mail-protocol';
import { t } from '../lib/i18n';

export interface Picked {
  file: WireFile;
  size: number;
}

/** Reads a file the user picked into base64, reporting progress (large files take a while). */
function readFile(f: File, onProgress: (fraction: number) => void): Promise<WireFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: f.name || 'attachment', mimeType: f.type || 'application/octet-stream', base64: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(f);
  });
}

/**
 * Attachments come only from the user's own file picker (MP-09): the page can neither
 * add nor read them. Each is encrypted separately by the background (`name.pgp`).
 */
export function AttachmentPicker({ files, onChange, disabled }: { files: Picked[]; onChange(next: Picked[]): void; disabled: boolean }) {
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const pick = async (list: FileList | null) => {
    if (!list) return;
    const added: Picked[] = [];
    for (const f of Array.from(list)) {
      setProgress({ name: f.name, fraction: 0 });
      added.push({ file: await readFile(f, (fraction) => setProgress({ name: f.name, fraction })), size: f.size });
    }
    setProgress(null);
    onChange([...files, ...added]);
  };
  return (
    <section class="attachments" aria-label={t('compose_attachments')}>
      <label class="button">
        {t('compose_add_files')}
        <input
          type="file"
          multiple
          class="visually-hidden"
          disabled={disabled}
          onChange={(e) => {
            const input = e.currentTarget;
            void pick(input.files).finally(() => (input.value = ''));
          }}
          data-testid="compose-files"
        />
      </label>
      {progress ? (
        <div role="status">
          {progress.name} <progress max={1} value={progress.fraction} />
        </div>
      ) : null}
      <ul>
        {files.map((p, i) => (
          <li key={i} data-testid="compose-file">
            {p.file.name} <span class="muted">({Math.ceil(p.size / 1024)} KB)</span>{' '}
            <button type="button" disabled={disabled} onClick={() => onChange(files.filter((_, j) => j !== i))}>
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
