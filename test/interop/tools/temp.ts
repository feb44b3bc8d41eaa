import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private temporary directory. Kept short (gpg-agent's socket path must fit in
 * sun_path, 108 bytes) and 0700 so gpg does not warn about unsafe permissions.
 */
export class TempDir {
  readonly path: string;

  constructor(prefix = 'cachet-') {
    this.path = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Writes `data` to a file inside the directory and returns its absolute path. */
  file(name: string, data: string | Uint8Array): string {
    const p = join(this.path, name);
    writeFileSync(p, data, { mode: 0o600 });
    return p;
  }

  join(name: string): string {
    return join(this.path, name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
