/**
 * Test builds only (`npm run build:test` defines `__TEST__` as true): pause points that let
 * an e2e test stop the background (Chrome service worker / Firefox event page) at an exact
 * moment of an operation — issue 7 §3, "killed in the middle of encrypt, decrypt, import and
 * sync". Store builds define `__TEST__` as false: every call site is written
 * `if (typeof __TEST__ !== 'undefined' && __TEST__) await testPause(…)` (the `typeof` because
 * unit tests run the sources in Node, where nothing defines it), which esbuild folds to
 * `if (false)` and drops with this whole module. An imported `TEST_HOOKS` constant is NOT
 * enough: esbuild kept it as a variable across modules in the full background bundle
 * (test/unit/background/test-hooks-bundle.test.ts checks the store bundle holds none of the
 * marker strings below, and the test bundle all of them).
 *
 * Protocol, over a `runtime.connect` port named {@link TEST_HOOKS_PORT} (onMessage belongs to
 * the router, whose listener answers every message, so a second onMessage listener would race
 * it): an extension page posts `{ arm: point }`, gets `{ armed: point }`, and later
 * `{ paused: point }` once an operation reached that point. The operation then waits forever:
 * the test kills the background, which is the whole point. Armed state lives in memory only,
 * so the background started after the kill is disarmed and the retried operation completes.
 */
import type { Runtime } from 'webextension-polyfill';
import { classifySender, originOf, type SenderPolicy } from './sender';

declare const __TEST__: boolean;

/** True only in test builds; a compile-time constant that esbuild folds and inlines. */
export const TEST_HOOKS: boolean = typeof __TEST__ !== 'undefined' && __TEST__;

/** The port name a test page connects with. */
export const TEST_HOOKS_PORT = 'cachet-test-hooks';

/** Where an operation may be paused. */
export const PAUSE_POINTS = [
  /** Secure editor: the passphrase unlocked the key and the ciphertext exists, not yet returned. */
  'encrypt:before-reply',
  /** Reader: the message is decrypted, the plaintext not yet returned to the frame. */
  'decrypt:before-reply',
  /** commitImport: one key re-protected, the next not yet; nothing written to the keyring yet. */
  'import:between-keys',
  /** Vault push: the vault stored our key and answered; the local sync state is not yet written. */
  'sync:push-answered',
  /**
   * Vault pull (or a push's 412 merge): a vault item's key is written to the keyring, its sync
   * state (revision, digest) not yet; the pull's later items and its sequence not yet either.
   */
  'sync:pull-key-stored',
  /** Vault pull: a tombstone removed the key from the keyring; its sync state not yet written. */
  'sync:pull-tombstone-applied',
] as const;
export type PausePoint = (typeof PAUSE_POINTS)[number];

interface Armed {
  point: PausePoint;
  port: Runtime.Port;
}
let armed: Armed | null = null;

function isPausePoint(x: unknown): x is PausePoint {
  return typeof x === 'string' && (PAUSE_POINTS as readonly string[]).includes(x);
}

/**
 * Called at a pause point. Returns at once unless a test armed exactly this point; then it
 * disarms, tells the test "paused at X" and never resolves (the test kills the background).
 */
export async function testPause(point: PausePoint): Promise<void> {
  if (!TEST_HOOKS || armed?.point !== point) return;
  const { port } = armed;
  armed = null;
  try {
    port.postMessage({ paused: point });
  } catch {
    return; // the test went away: carry on as if never armed
  }
  await new Promise<never>(() => undefined);
}

interface RuntimeLike {
  onConnect: { addListener(cb: (port: Runtime.Port) => void): void };
}

/** Registers the test-only port listener (call at top level of the background, test builds only). */
export function installTestHooks(runtime: RuntimeLike, runtimeId: string, extensionUrl: string): void {
  if (!TEST_HOOKS) return;
  // The router's own policy (router.ts): an origin, never "null" (sender.ts originOf).
  const policy: SenderPolicy = { runtimeId, extensionOrigin: originOf(extensionUrl) ?? '\0none' };
  runtime.onConnect.addListener((port) => {
    if (port.name !== TEST_HOOKS_PORT) return;
    // Extension pages only (options, harness, our frames): never a content script or a web page.
    if (!port.sender || classifySender(port.sender, policy) !== 'page') {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((m: unknown) => {
      const point = typeof m === 'object' && m !== null ? (m as { arm?: unknown }).arm : undefined;
      if (!isPausePoint(point)) {
        port.postMessage({ error: 'unknown pause point' });
        return;
      }
      armed = { point, port };
      port.postMessage({ armed: point });
    });
    port.onDisconnect.addListener(() => {
      if (armed?.port === port) armed = null;
    });
  });
}
