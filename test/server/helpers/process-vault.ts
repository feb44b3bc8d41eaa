import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestVault } from './vault.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Bundles src/server/main.ts the way scripts/build.mjs does (Node ESM,
 * packages external). The output sits under node_modules/.cache so Node
 * resolves the external packages from this checkout.
 */
export async function buildVaultBundle(): Promise<{ file: string; remove(): void }> {
  const dir = path.join(ROOT, 'node_modules', '.cache', `cachet-vault-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'vault.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'src/server/main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface VaultProcess { base: string; child: ChildProcess; exited: Promise<number | null> }

/** Starts the bundle on a free loopback port; resolves once it logs its address. */
export function spawnVault(file: string, env: Record<string, string>): Promise<VaultProcess> {
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`vault did not start:\n${out}`)); }, 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ base: m[1], child, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`vault exited (${code}):\n${out}`)); });
  });
}

/** The `request` half of TestVault over real HTTP, for helpers written against inject. */
export function httpClient(base: string): Pick<TestVault, 'request'> {
  return {
    async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
      const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
      let body: string | undefined;
      if (opts.payload !== undefined) {
        body = typeof opts.payload === 'string' ? opts.payload : JSON.stringify(opts.payload);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(base + String(opts.url), { method: opts.method ?? 'GET', headers, body });
      const text = await res.text();
      return {
        statusCode: res.status,
        body: text,
        headers: Object.fromEntries(res.headers.entries()),
        json: () => JSON.parse(text),
      } as unknown as LightMyRequestResponse;
    },
  };
}
