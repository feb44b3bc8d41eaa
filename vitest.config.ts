import { defineConfig } from 'vitest/config';

// Three projects: fast Node unit tests, interop against real OpenPGP tools, and
// end-to-end tests that drive real browsers with the built extension.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/security/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['test/server/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One retry, a safety net for these loaded 2-core machines. It came with a Chromium
          // compose flake of the first session (the armor now and then never reached Roundcube),
          // not seen since but never explained. The frame failures of later CI runs (frames that
          // never got going) were a real bug, fixed in the fourth session: frames listened for
          // their PI-03 claim from a Preact effect and lost claims posted before it ran
          // (frame-session.ts). A retry that passes shows as "retry x1"; a persistent failure
          // still fails the run.
          retry: 1,
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
