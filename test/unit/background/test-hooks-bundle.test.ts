// The e2e pause points (src/background/test-hooks.ts, issue 7 §3) exist only in test builds:
// a store build must not carry the port listener nor any pause point (a page could otherwise
// freeze an operation). Bundled with the options of scripts/build.mjs, both ways, so the test
// also proves the markers are really there when __TEST__ is true (it is not vacuous).
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAUSE_POINTS, TEST_HOOKS_PORT } from '../../../src/background/test-hooks';

const ROOT = resolve(__dirname, '../../..');
const MARKERS = [TEST_HOOKS_PORT, ...PAUSE_POINTS];

async function background(test: boolean, firefox: boolean): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/background/index.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120', 'firefox128'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    define: { __FIREFOX__: String(firefox), __TEST__: String(test) },
  });
  return result.outputFiles[0]!.text;
}

describe('test hooks in the background bundle', () => {
  it.each([false, true])('store build (__FIREFOX__=%s) holds no pause point nor the test port', async (firefox) => {
    const text = await background(false, firefox);
    for (const m of MARKERS) expect(text.includes(m), m).toBe(false);
  });

  it('test build holds the port and every pause point', async () => {
    const text = await background(true, false);
    for (const m of MARKERS) expect(text.includes(m), m).toBe(true);
  });
});
