// Reads the build output for the build tests. The tests check what `npm run build` produced
// (npm test builds first); they fail with the command to run when there is nothing to check.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** Store builds (what goes in the zips) and test builds. */
export const STORE_DIRS = ['chrome', 'firefox'] as const;
export const TEST_DIRS = ['test-chrome', 'test-firefox'] as const;
export type DistName = (typeof STORE_DIRS)[number] | (typeof TEST_DIRS)[number];

/** The subset of manifest keys the build tests look at. */
export interface Manifest {
  manifest_version: number;
  version: string;
  key?: string;
  minimum_chrome_version?: string;
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  background?: { service_worker?: string; scripts?: string[] };
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  externally_connectable?: { ids?: string[]; matches?: string[]; accepts_tls_channel_id?: boolean };
  web_accessible_resources?: Array<{ resources: string[]; matches?: string[]; extension_ids?: string[] }>;
  content_scripts?: Array<{ matches: string[]; exclude_matches?: string[]; js?: string[]; css?: string[] }>;
  options_ui?: { page: string; open_in_tab?: boolean; chrome_style?: boolean; browser_style?: boolean };
  browser_specific_settings?: {
    gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required: string[] } };
  };
}

export function distDir(name: DistName | 'server'): string {
  const dir = join(ROOT, 'dist', name);
  if (!existsSync(dir)) {
    const cmd = name.startsWith('test-') ? 'npm run build:test' : 'npm run build';
    throw new Error(`${dir} does not exist: run \`${cmd}\` before the build tests`);
  }
  return dir;
}

export function readManifest(name: DistName | 'source'): Manifest {
  const file = name === 'source' ? join(ROOT, 'manifest.json') : join(distDir(name), 'manifest.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Every file under `dir`, as paths relative to it. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry}` : entry;
    return statSync(join(dir, entry)).isDirectory() ? listFiles(join(dir, entry), rel) : [rel];
  });
}

/** Every match pattern a manifest declares, wherever it appears. */
export function matchPatterns(m: Manifest): string[] {
  return [
    ...(m.host_permissions ?? []),
    ...(m.optional_host_permissions ?? []),
    ...(m.content_scripts ?? []).flatMap((cs) => [...cs.matches, ...(cs.exclude_matches ?? [])]),
    ...(m.web_accessible_resources ?? []).flatMap((w) => w.matches ?? []),
    ...(m.externally_connectable?.matches ?? []),
  ];
}
