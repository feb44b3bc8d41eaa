import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/core/errors';
import { REASON_LABEL, STATUS_LABEL } from '../../../src/pages/lib/labels';

type Catalogue = Record<string, { message: string; description?: string }>;

const root = join(__dirname, '..', '..', '..');
const load = (lang: string): Catalogue =>
  JSON.parse(readFileSync(join(root, 'public', '_locales', lang, 'messages.json'), 'utf8')) as Catalogue;
const en = load('en');
const fr = load('fr');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Every literal key passed to t('…'), and every `{ key: '…' }` / `problem: '…'` local message. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of sources(join(root, 'src', 'pages'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) keys.add(m[1] as string);
    for (const m of text.matchAll(/\b(?:key|problem|label|labelKey): '([a-z][a-z0-9_]*)'/g)) keys.add(m[1] as string);
    for (const m of text.matchAll(/localizeDocument\('([^']+)'\)/g)) keys.add(m[1] as string);
  }
  return keys;
}

describe('locales', () => {
  it('en and fr have exactly the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message is non-empty and names are valid Chrome message names', () => {
    for (const cat of [en, fr]) {
      for (const [name, entry] of Object.entries(cat)) {
        expect(name).toMatch(/^[A-Za-z0-9_@]+$/);
        expect(entry.message.trim()).not.toBe('');
      }
    }
  });

  it('placeholders $1..$9 match between en and fr', () => {
    for (const name of Object.keys(en)) {
      const ph = (s: string) => [...s.matchAll(/\$\d/g)].map((m) => m[0]).sort();
      expect(ph(fr[name]?.message ?? ''), name).toEqual(ph(en[name]?.message ?? ''));
    }
  });

  it('every key used in src/pages exists in both catalogues', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in en) || !(k in fr));
    expect(missing).toEqual([]);
  });

  it('every ErrorCode has an error_<CODE> message', () => {
    for (const code of ERROR_CODES) {
      expect(en[`error_${code}`]?.message, code).toBeTruthy();
      expect(fr[`error_${code}`]?.message, code).toBeTruthy();
    }
  });

  it('enum labels (status, revocation reason) exist', () => {
    for (const key of [...Object.values(STATUS_LABEL), ...Object.values(REASON_LABEL)]) {
      expect(en[key], key).toBeDefined();
      expect(fr[key], key).toBeDefined();
    }
  });

  it('has the manifest strings', () => {
    expect(en.extName?.message).toBe('Cachet');
    expect(fr.extDescription?.message).toBeTruthy();
    // Chrome Web Store limit for the description.
    expect(en.extDescription?.message.length).toBeLessThanOrEqual(132);
    expect(fr.extDescription?.message.length).toBeLessThanOrEqual(132);
  });

  it('French uses French words for the key vocabulary', () => {
    expect(fr.fingerprint?.message).toBe('Empreinte');
    expect(fr.passphrase?.message).toBe('Phrase de passe');
    expect(fr.revoke?.message).toBe('Révoquer');
  });
});
