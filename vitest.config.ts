import { defineConfig } from 'vitest/config';

// Three projects: fast Node unit tests, interop against real OpenPGP tools, and
// end-to-end tests that drive real browsers with the built extension.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/security/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
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
          // One retry, a safety net for these loaded 2-core machines. The Chromium compose flake
          // (the armor now and then never reached the page) was explained in the sixth session:
          // the passphrase dialog opened from an effect, a task after its form was rendered, and
          // keys typed in that gap were lost ("Wrong passphrase"); it now opens in a layout
          // effect (components/modal.tsx, test/unit/pages/modal.test.tsx). The frame failures of
          // earlier runs were a claim race fixed in the fourth session (frame-session.ts). A
          // retry that passes shows as "retry x1"; a persistent failure still fails the run, so
          // tests must be safe to run twice in one browser (compose-lookup resets its keyring).
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
