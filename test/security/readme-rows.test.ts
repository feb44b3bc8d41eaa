/**
 * Holds the coverage table: every attack-class ID listed in rows.txt (a copy of the IDs of
 * the project's attack list) must have a row in README.md, and every ID the table names must
 * be a real one. Adding a class to rows.txt without a test or a reason fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url);
const rows = readFileSync(new URL('rows.txt', here), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
const readme = readFileSync(new URL('README.md', here), 'utf8');
const tableIds = [...readme.matchAll(/^\| ((?:MP|SG|PI|KM|VS|DS)-\d{2}) \|/gm)].map((m) => m[1] ?? '');

describe('test/security/README.md covers every attack class', () => {
  it('rows.txt holds 49 well-formed, unique IDs of six families', () => {
    expect(rows).toHaveLength(49);
    expect(new Set(rows).size).toBe(rows.length);
    for (const id of rows) expect(id).toMatch(/^(MP|SG|PI|KM|VS|DS)-\d{2}$/);
  });

  it('every ID of rows.txt has a row in the table, and the table names no unknown ID', () => {
    expect(rows.filter((id) => !tableIds.includes(id))).toEqual([]);
    expect(tableIds.filter((id) => !rows.includes(id))).toEqual([]);
  });

  it('every row names a test file or says why it is not applicable', () => {
    for (const id of rows) {
      const line = readme.split('\n').find((l) => l.startsWith(`| ${id} |`)) ?? '';
      expect(line, id).toMatch(/\.test\.ts|not applicable/);
    }
  });
});
