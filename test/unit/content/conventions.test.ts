// @vitest-environment happy-dom
// STYLE.md "Webmail adapters": every adapter has its selectors in selectors.ts and saved
// fixtures, and every selector matches something in at least one fixture.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../../src/content/adapters/registry';
import { genericAdapter } from '../../../src/content/adapters/generic/adapter';
import type { SelfCheck } from '../../../src/content/site/self-check';
import { fixtureNames, FIXTURES, parseFixture } from './fixtures';

const ADAPTERS_DIR = resolve(__dirname, '../../../src/content/adapters');
/** Adapters written before views.ts existed (their fixtures are checked by their own tests). */
const VIEWLESS = ['generic', 'roundcube'];
const folders = readdirSync(ADAPTERS_DIR).filter((f) => statSync(join(ADAPTERS_DIR, f)).isDirectory());

describe('adapter conventions', () => {
  it('every registered adapter (and the fallback) has a folder of its own', () => {
    expect(folders.sort()).toEqual([...ADAPTERS, genericAdapter].map((a) => a.id).sort());
  });

  describe.each(folders)('%s', (name) => {
    it('has selectors.ts and saved fixtures with a README', () => {
      expect(existsSync(join(ADAPTERS_DIR, name, 'selectors.ts')), 'Should have selectors.ts').toBe(true);
      expect(fixtureNames(name).length, 'Should have fixtures').toBeGreaterThan(0);
      expect(existsSync(join(FIXTURES, name, 'README.md')), 'Should say how fixtures were obtained').toBe(true);
    });

    it('every selector matches something in at least one fixture', async () => {
      const { SELECTORS } = (await import(`../../../src/content/adapters/${name}/selectors.ts`)) as {
        SELECTORS: Record<string, string>;
      };
      const docs = fixtureNames(name).map((f) => parseFixture(name, f));
      const unmatched = Object.entries(SELECTORS)
        .filter(([, sel]) => !docs.some((d) => d.querySelector(sel) !== null))
        .map(([key, sel]) => `${key}: ${sel}`);
      expect(unmatched, 'selectors no fixture exercises').toEqual([]);
    });

    // Issue 8 §3: an adapter declares its views (views.ts) and each has a fixture in which its
    // self-check finds the view with no mismatch. Roundcube and generic predate views.ts.
    if (!VIEWLESS.includes(name)) it('has a fixture for each of its views, and its self-check finds the view there', async () => {
      expect(existsSync(join(ADAPTERS_DIR, name, 'views.ts')), 'Should declare its views in views.ts').toBe(true);
      const { VIEWS } = (await import(`../../../src/content/adapters/${name}/views.ts`)) as {
        VIEWS: Record<string, { fixture: string; view: 'compose' | 'read' }>;
      };
      expect(existsSync(join(ADAPTERS_DIR, name, 'self-check.ts')), 'Should have a self-check').toBe(true);
      const { selfCheck } = (await import(`../../../src/content/adapters/${name}/self-check.ts`)) as { selfCheck(doc: Document): SelfCheck };
      const problems = Object.entries(VIEWS).flatMap(([view, v]) => {
        if (!fixtureNames(name).includes(v.fixture)) return [`${view}: no fixture ${v.fixture}`];
        const check = selfCheck(parseFixture(name, v.fixture));
        return check.views[v.view] > 0 && check.mismatches.length === 0 ? [] : [`${view}: self-check ${JSON.stringify(check.mismatches)}`];
      });
      expect(problems).toEqual([]);
    });
  });
});
