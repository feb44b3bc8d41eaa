/**
 * Key import (`readKeyMaterial`): mutated key packets (binary, and re-armored with a valid
 * checksum so the packet parser sees them), mutated armor text, several blocks in one
 * paste. Only CachetError; a key that comes out has a described fingerprint (DS-04, KM-07).
 */
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { readKeyMaterial } from '../../src/core/keys/read';
import type { Corpus } from './corpus';
import { mutatedBytes, mutatedText, rearmored, summary } from './mutate';
import type { FuzzTarget } from './runner';

function keyInput(c: Corpus): fc.Arbitrary<string | Uint8Array> {
  const bins = [c.binaryPublic, c.binaryPrivate];
  const { publicKey, privateKey } = openpgp.enums.armor;
  return fc.oneof(
    { arbitrary: rearmored([c.binaryPublic], publicKey), weight: 3 },
    { arbitrary: rearmored([c.binaryPrivate], privateKey), weight: 3 },
    { arbitrary: mutatedBytes(bins), weight: 3 },
    { arbitrary: mutatedText([c.armoredPublic, c.armoredPrivate, `${c.armoredPublic}\n${c.armoredPrivate}`]), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => openpgp.armor(publicKey, b)), weight: 1 },
  );
}

export function keyImportTarget(c: Corpus): FuzzTarget<string | Uint8Array> {
  return {
    name: 'key-import',
    weight: 4,
    minRuns: 60,
    budgetMs: 10_000,
    arbitrary: keyInput(c),
    describe: summary,
    async run(input) {
      const { keys, refused } = await readKeyMaterial(input);
      for (const k of keys) {
        if (!/^[0-9A-F]{40}([0-9A-F]{24})?$/.test(k.info.fingerprint)) throw new Error(`odd fingerprint ${k.info.fingerprint}`);
      }
      for (const r of refused) if (typeof r.code !== 'string') throw new Error('refusal without a code');
    },
  };
}
