// The content script runs in every webmail tab: it must stay small and must never carry
// OpenPGP.js or the UI framework (it has no business with keys or plaintext rendering).
// Bundled here with the same esbuild options as scripts/build.mjs.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
// 41 KB: the site adapters (Roundcube, Gmail, Outlook, Yahoo, generic) share one bundle so a
// redesign can fall back to generic mode in place; the budget was 30 KB with Roundcube alone,
// 40 KB until the page watcher's storm rule (dom/watch.ts, ~0.6 KB) made a busy page cheap.
const MAX_BYTES = 41 * 1024;

describe('content bundle', () => {
  it.each(['false', 'true'])(`is at most 41 KB minified and has no openpgp/preact (__FIREFOX__=%s)`, async (firefox) => {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/content/index.ts'],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120', 'firefox128'],
      minify: true,
      legalComments: 'none',
      write: false,
      metafile: true,
      logLevel: 'silent',
      define: { __FIREFOX__: firefox, __TEST__: 'false' },
    });
    const out = result.outputFiles[0]!;
    expect(out.contents.length).toBeLessThanOrEqual(MAX_BYTES);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => /node_modules\/(openpgp|preact|dompurify|idb)\//.test(p))).toEqual([]);
    expect(inputs.filter((p) => p.startsWith('src/') && !/^src\/(content|shared|core\/armor|core\/errors)/.test(p))).toEqual([]);
    expect(out.text).not.toMatch(/openpgp/i);
  });
});
