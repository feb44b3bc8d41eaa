import type { WireFile } from '../../shared/mail-protocol';
import { t } from '../lib/i18n';

/** A file name that cannot name a path or hide its extension (MP-06); the background already capped it. */
export function downloadName(name: string): string {
  const clean = name
    .replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return clean || 'attachment';
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Always octet-stream: the browser downloads it, never renders it here (HTML attachments included). */
export function save(file: WireFile): void {
  const url = URL.createObjectURL(new Blob([decode(file.base64)], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = downloadName(file.name);
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Attachments({ files }: { files: WireFile[] }) {
  if (files.length === 0) return null;
  return (
    <section aria-label={t('read_attachments')}>
      <h3>{t('read_attachments')}</h3>
      <ul class="attachments">
        {files.map((f, i) => (
          <li key={i}>
            <button type="button" onClick={() => save(f)} data-testid="attachment">
              {t('read_download', downloadName(f.name))}
            </button>
            <span class="muted"> {Math.ceil((f.base64.length * 3) / 4 / 1024)} KB</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
