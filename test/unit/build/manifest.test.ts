// Security rules of the manifests the build writes (SECURITY.md PI-03, PI-05, PI-06) and the
// browser differences the build must get right. Checks dist/, i.e. what is actually shipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import identity from '../../e2e/harness/test-identity.json';
import { distDir, listFiles, matchPatterns, readManifest, STORE_DIRS, TEST_DIRS, type Manifest } from './dist';

const ALL = [...STORE_DIRS, ...TEST_DIRS] as const;
const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";
/** Pages that must never be framable or probeable by a web page (PI-03, PI-06). */
const SENSITIVE = /(^|\/)(options|popup)\.html$|export/i;

/** The host of a match pattern has a port: Firefox then silently never matches it. */
function hasPort(pattern: string): boolean {
  if (pattern === '<all_urls>') return false;
  const host = /^[^:]+:\/\/([^/]*)/.exec(pattern)?.[1] ?? '';
  return host.startsWith('[') ? /\]:/.test(host) : host.includes(':');
}

describe.each(['source', ...ALL] as const)('manifest %s', (name) => {
  const m: Manifest = readManifest(name);

  it('is MV3 with the wasm-only CSP, exactly', () => {
    expect(m.manifest_version).toBe(3);
    expect(m.content_security_policy).toEqual({ extension_pages: CSP });
  });

  it('accepts no external connections: no web page matches, no extension ids', () => {
    expect(m.externally_connectable).toEqual({ ids: [] });
  });

  it('exposes no sensitive page as a web-accessible resource', () => {
    const resources = (m.web_accessible_resources ?? []).flatMap((w) => w.resources);
    expect(resources.filter((r) => SENSITIVE.test(r) || r.includes('*'))).toEqual([]);
  });

  it('has no port in any match pattern', () => {
    expect(matchPatterns(m).filter(hasPort)).toEqual([]);
  });

  // storage/alarms: keyring settings and cache expiry; scripting: content scripts for the sites
  // the user enables; activeTab: the popup reads the current tab's origin on the user's click.
  // Nothing that reads every page (no "tabs", no host permissions up front).
  it('asks only for storage, alarms, scripting and activeTab up front', () => {
    expect([...(m.permissions ?? [])].sort()).toEqual(['activeTab', 'alarms', 'scripting', 'storage']);
  });

  it('grants host permissions up front only to loopback, and only in test builds (vault e2e)', () => {
    const loopback = ['http://127.0.0.1/*', 'http://localhost/*'];
    expect(m.host_permissions ?? []).toEqual(name.startsWith('test-') ? loopback : []);
  });
});

describe.each(ALL)('dist/%s', (name) => {
  const dir = distDir(name);
  const m = readManifest(name);
  const firefox = name.endsWith('firefox');

  it('has every file the manifest names', () => {
    const named = [
      ...(m.background?.service_worker ? [m.background.service_worker] : []),
      ...(m.background?.scripts ?? []),
      ...(m.content_scripts ?? []).flatMap((cs) => [...(cs.js ?? []), ...(cs.css ?? [])]),
      ...(m.options_ui ? [m.options_ui.page] : []),
      '_locales/en/messages.json',
    ];
    expect(named.filter((f) => !existsSync(join(dir, f)))).toEqual([]);
  });

  it('carries no source map and no pointer to one', () => {
    const files = listFiles(dir);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const pointing = files.filter(
      (f) => /\.(js|css)$/.test(f) && readFileSync(join(dir, f), 'utf8').includes('sourceMappingURL'),
    );
    expect(pointing).toEqual([]);
  });

  it('has the background form its browser runs', () => {
    if (firefox) {
      expect(m.background?.service_worker).toBeUndefined();
      expect(m.background?.scripts?.at(-1)).toBe('background.js');
      expect(m.minimum_chrome_version).toBeUndefined();
      expect(m.browser_specific_settings?.gecko).toEqual({
        id: identity.geckoId,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      });
    } else {
      expect(m.background).toEqual({ service_worker: 'background.js' });
      expect(m.browser_specific_settings).toBeUndefined();
    }
  });

  it('pins the Chrome extension id only in the test build', () => {
    expect(m.key).toBe(name === 'test-chrome' ? identity.chromeKey : undefined);
  });

  it('ships test helpers only in test builds', () => {
    const helpers = listFiles(dir).filter((f) => f === 'harness.html' || f === 'test-bridge.js');
    expect(helpers.length > 0).toBe(name.startsWith('test-'));
    expect((m.background?.scripts ?? []).includes('test-bridge.js')).toBe(name === 'test-firefox');
  });

  it('bundles the background as one classic script (service workers refuse import())', () => {
    const code = readFileSync(join(dir, 'background.js'), 'utf8');
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });
});
