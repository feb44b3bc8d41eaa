/**
 * Catching the `.asc` downloads the pages make (src/pages/lib/download.ts: a Blob URL on a
 * temporary `<a download>` that is clicked then removed).
 *
 * - Both browsers: a hook installed in the page records each `<a download>` click with its
 *   file name, its `blob:` href and the Blob's text (read before the page revokes the URL).
 * - Chromium only: CDP `Browser.setDownloadBehavior` sends real downloads to a temp folder and
 *   `Browser.downloadProgress` says when a file is complete, so the file on disk is checked too.
 *   (Firefox's WebDriver BiDi in this puppeteer has no download control; its download is the
 *   browser's business, and the test reads the blob the anchor pointed at.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import { UI_WAIT_MS } from './ui';

export interface CapturedDownload {
  fileName: string;
  href: string;
  /** MIME type of the Blob. */
  type: string;
  text: string;
}

interface HookRecord {
  fileName: string;
  href: string;
  type: string;
  text: string | null;
}

interface HookWindow {
  __cachetDownloads?: HookRecord[];
}

/** Installs the anchor/Blob hook in `page` (again after every reload). Idempotent. */
export async function hookDownloads(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as HookWindow;
    if (w.__cachetDownloads) return;
    const records: HookRecord[] = [];
    w.__cachetDownloads = records;
    const blobs = new Map<string, Blob>();
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource): string => {
      const url = create(obj);
      if (obj instanceof Blob) blobs.set(url, obj);
      return url;
    };
    const clickAnchor = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement): void {
      if (this.hasAttribute('download')) {
        const blob = blobs.get(this.href);
        const rec: HookRecord = { fileName: this.download, href: this.href, type: blob?.type ?? '', text: null };
        records.push(rec);
        if (blob) void blob.text().then((t) => (rec.text = t));
        else rec.text = '';
      }
      clickAnchor.call(this);
    };
  });
}

/** How many downloads the hook has seen so far. */
export function downloadCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as HookWindow).__cachetDownloads?.length ?? 0);
}

/** Waits for the download number `index` (0-based) seen by the hook and returns it. */
export async function capturedDownload(page: Page, index: number, timeout = UI_WAIT_MS): Promise<CapturedDownload> {
  await page
    .waitForFunction(
      (i) => {
        const r = (window as unknown as HookWindow).__cachetDownloads?.[i];
        return r !== undefined && r.text !== null;
      },
      { timeout },
      index,
    )
    .catch(() => {
      throw new Error(`no download #${index} was offered within ${timeout} ms`);
    });
  const rec = await page.evaluate((i) => (window as unknown as HookWindow).__cachetDownloads![i]!, index);
  return { fileName: rec.fileName, href: rec.href, type: rec.type, text: rec.text ?? '' };
}

/** Real downloads to a temp folder, Chromium only (CDP). */
export class ChromiumDownloads {
  private readonly done = new Map<string, string>(); // guid → suggested name, once completed
  private readonly names = new Map<string, string>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly cdp: CDPSession,
    readonly dir: string,
  ) {
    cdp.on('Browser.downloadWillBegin', (e: { guid: string; suggestedFilename: string }) => {
      this.names.set(e.guid, e.suggestedFilename);
    });
    cdp.on('Browser.downloadProgress', (e: { guid: string; state: string }) => {
      if (e.state !== 'completed') return;
      this.done.set(e.guid, this.names.get(e.guid) ?? '');
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async start(page: Page): Promise<ChromiumDownloads> {
    const dir = await mkdtemp(join(tmpdir(), 'cachet-e2e-downloads-'));
    const cdp = await page.browser().target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
    return new ChromiumDownloads(cdp, dir);
  }

  /** Waits until a completed download named `fileName` exists and returns its text. */
  async file(fileName: string, timeout = UI_WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeout;
    while (![...this.done.values()].includes(fileName)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Chromium never completed the download ${fileName} (saw: ${[...this.names.values()].join(', ')})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return readFile(join(this.dir, fileName), 'utf8');
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
