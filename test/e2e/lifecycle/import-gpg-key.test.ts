// Importing keys made by gpg 2.2 through the import page: a passphrase-protected private key
// (checked with its passphrase), an unprotected one (protected with a new passphrase before it
// is stored), a public key, and several keys in one paste. Issue #2 §6 "Import".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { BROWSER_KINDS, launch, sendFromPage, type ExtensionHarness } from '../harness';
import { GpgHome } from '../support/gpg';
import { candidateKind, commitAndReport, listedFingerprints, pasteAndInspect, readKeyList } from '../support/keys';
import { fill, fillNewPassphrase, tid, visible } from '../support/ui';

const GPG_PASSPHRASE = 'gpg made this 71 walrus quietly';
const NEW_PASSPHRASE = 'fresh indigo harbour 64 pebble';

interface GpgKeys {
  protectedFpr: string;
  protectedArmored: string;
  plainFpr: string;
  plainArmored: string;
  publicFprs: [string, string, string];
  publicArmored: [string, string, string];
}

let gpg: GpgHome;
let keys: GpgKeys;

beforeAll(async () => {
  gpg = GpgHome.create();
  const protectedFpr = await gpg.generate('Gina Gpg <gina@example.org>', 'future-default', GPG_PASSPHRASE);
  const plainFpr = await gpg.generate('Uma Plain <uma@example.org>', 'future-default', '');
  const publicFprs: [string, string, string] = [
    await gpg.generate('Pete Public <pete@example.org>', 'future-default', ''),
    await gpg.generate('Quinn Public <quinn@example.org>', 'future-default', ''),
    await gpg.generate('Rosa Public <rosa@example.org>', 'future-default', ''),
  ];
  keys = {
    protectedFpr,
    protectedArmored: await gpg.exportSecret(protectedFpr, GPG_PASSPHRASE),
    plainFpr,
    plainArmored: await gpg.exportSecret(plainFpr, ''),
    publicFprs,
    publicArmored: [
      await gpg.exportPublic(publicFprs[0]),
      await gpg.exportPublic(publicFprs[1]),
      await gpg.exportPublic(publicFprs[2]),
    ],
  };
  // The inputs are what we claim they are: gpg left one protected and one unprotected.
  expect(await gpg.listPackets(keys.protectedArmored)).toMatch(/protected/);
  expect(await gpg.listPackets(keys.plainArmored)).toMatch(/skey\[\d+\]: \[\d+ bits\]/);
});
afterAll(async () => {
  await gpg?.close();
});

describe.each(BROWSER_KINDS)('importing gpg-made keys in %s', (kind) => {
  let h: ExtensionHarness;
  let page: Page;

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    page = await h.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows a protected private key, refuses a wrong passphrase, imports with the right one', async () => {
    const fpr = keys.protectedFpr;
    expect(await pasteAndInspect(page, keys.protectedArmored)).toBe('candidates');
    expect(await candidateKind(page, fpr)).toBe('protected');

    await fill(page, tid(`import-passphrase-${fpr}`), 'definitely not it 123');
    const refused = await commitAndReport(page);
    expect(refused.imported).toEqual([]);
    expect(refused.refused).toHaveLength(1);
    expect(refused.refused[0]!.code).toBe('WRONG_PASSPHRASE');
    expect(refused.refused[0]!.text).toContain(fpr);
    expect(refused.refused[0]!.text.length).toBeGreaterThan(fpr.length + 5); // a message, not just the label
    expect(await readKeyList(page)).toEqual([]);

    expect(await pasteAndInspect(page, keys.protectedArmored)).toBe('candidates');
    await fill(page, tid(`import-passphrase-${fpr}`), GPG_PASSPHRASE);
    const ok = await commitAndReport(page);
    expect(ok).toEqual({ imported: [fpr], merged: [], refused: [] });
    const row = (await readKeyList(page)).find((r) => r.fingerprint === fpr);
    expect(row).toMatchObject({ status: 'valid', hasSecret: true });
  });

  it('asks a NEW passphrase for an unprotected gpg key and stores it protected', async () => {
    const fpr = keys.plainFpr;
    expect(await pasteAndInspect(page, keys.plainArmored)).toBe('candidates');
    expect(await candidateKind(page, fpr)).toBe('unprotected');
    await fillNewPassphrase(page, `import-new-passphrase-${fpr}`, NEW_PASSPHRASE);
    expect(await commitAndReport(page)).toEqual({ imported: [fpr], merged: [], refused: [] });

    // The stored form is encrypted: gpg sees S2K-protected secret packets, OpenPGP.js a locked key.
    const exported = await sendFromPage(page, 'exportKey', { fingerprint: fpr, kind: 'private', passphrase: null });
    if (!exported.ok) throw new Error(`exportKey: ${exported.error.code}`);
    const armored = exported.value.armored;
    const packets = await gpg.listPackets(armored);
    const secretPackets = packets.match(/:secret (sub )?key packet:/g) ?? [];
    expect(secretPackets.length).toBeGreaterThanOrEqual(2); // primary + encryption subkey
    expect(packets.match(/skey\[\d+\]: \[v4 protected\]/g)).toHaveLength(secretPackets.length);
    expect(packets.match(/protect algo: /g)).toHaveLength(secretPackets.length);
    expect(packets).not.toMatch(/skey\[\d+\]: \[\d+ bits\]/); // no secret MPI in the clear
    const key = await openpgp.readPrivateKey({ armoredKey: armored });
    for (const k of key.getKeys()) expect(k.keyPacket.isDecrypted()).toBe(false);

    // …with the passphrase the user chose, and no other.
    const wrong = await sendFromPage(page, 'unlockKey', { fingerprint: fpr, passphrase: 'not the chosen one 55' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    const right = await sendFromPage(page, 'unlockKey', { fingerprint: fpr, passphrase: NEW_PASSPHRASE });
    expect(right.ok).toBe(true);
    await sendFromPage(page, 'lockAll', {});
  });

  it('imports a public key', async () => {
    const fpr = keys.publicFprs[0];
    expect(await pasteAndInspect(page, keys.publicArmored[0])).toBe('candidates');
    expect(await candidateKind(page, fpr)).toBe('public');
    expect(await commitAndReport(page)).toEqual({ imported: [fpr], merged: [], refused: [] });
    const row = (await readKeyList(page)).find((r) => r.fingerprint === fpr);
    expect(row).toMatchObject({ status: 'valid', hasSecret: false });
  });

  it('imports several keys from one paste, merging the one already stored', async () => {
    const [pete, quinn, rosa] = keys.publicFprs;
    const paste = [keys.publicArmored[1], 'some text between blocks', keys.publicArmored[2], keys.publicArmored[0]].join('\n');
    expect(await pasteAndInspect(page, paste)).toBe('candidates');
    for (const f of [quinn, rosa, pete]) expect(await candidateKind(page, f)).toBe('public');
    await visible(page, `${tid(`import-candidate-${pete}`)} .badge-info`); // "already in your keyring"
    const report = await commitAndReport(page);
    expect([...report.imported].sort()).toEqual([quinn, rosa].sort());
    expect(report.merged).toEqual([pete]);
    expect(report.refused).toEqual([]);

    expect(await listedFingerprints(page)).toEqual(
      [
        `${keys.protectedFpr}:valid:true`,
        `${keys.plainFpr}:valid:true`,
        `${pete}:valid:false`,
        `${quinn}:valid:false`,
        `${rosa}:valid:false`,
      ].sort(),
    );
  });
});
