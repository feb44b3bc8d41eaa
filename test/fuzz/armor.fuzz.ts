/**
 * Armor detection (`scanArmoredBlocks`, documented never to throw) and strict parsing
 * (`normaliseArmor`, MALFORMED_ARMOR / TOO_LARGE only) over mutated real armor and
 * webmail-style damage (DS-03/DS-05: linear, bounded).
 */
import fc from 'fast-check';
import { MAX_BLOCKS, normaliseArmor, scanArmoredBlocks } from '../../src/core/armor';
import type { Corpus } from './corpus';
import { TEXT_FRAGMENTS, mutatedText, summary } from './mutate';
import type { FuzzTarget } from './runner';

function seedsOf(c: Corpus): string[] {
  return [c.armoredPublic, c.armoredPrivate, ...c.messages, c.cleartext, c.detached, `Hi,\n\n> ${c.messages[0]?.replace(/\n/g, '\n> ')}\nBye`];
}

/** Arbitrary page/mail text around armor: mutated seeds, fragment soup, or random strings. */
export function armorText(c: Corpus): fc.Arbitrary<string> {
  const soup = fc.array(fc.oneof(fc.constantFrom(...TEXT_FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 80 }).map((a) => a.join(''));
  return fc.oneof(
    { arbitrary: mutatedText(seedsOf(c)), weight: 6 },
    { arbitrary: soup, weight: 3 },
    { arbitrary: fc.string({ maxLength: 400, unit: 'binary' }), weight: 1 },
  );
}

function unexpected(message: string): Error {
  return new Error(message);
}

export function armorDetectTarget(c: Corpus): FuzzTarget<string> {
  return {
    name: 'armor-detect',
    weight: 30,
    minRuns: 300,
    budgetMs: 2_000,
    arbitrary: armorText(c),
    describe: summary,
    run(text) {
      // Any exception here (even a CachetError) breaks the documented "never throws".
      let scan;
      try {
        scan = scanArmoredBlocks(text);
      } catch (e) {
        throw unexpected(`scanArmoredBlocks threw: ${String(e)}`);
      }
      if (scan.blocks.length > MAX_BLOCKS) throw unexpected('more blocks than MAX_BLOCKS');
      let last = -1;
      for (const b of scan.blocks) {
        if (!(b.start >= 0 && b.end > b.start && b.end <= text.length && b.start >= last)) throw unexpected(`bad offsets ${b.start}..${b.end}`);
        last = b.end;
        if (b.problem === undefined && normaliseArmor(b.armored).armored !== b.armored) throw unexpected('found armor is not strict');
      }
    },
  };
}

export function armorNormaliseTarget(c: Corpus): FuzzTarget<string> {
  return {
    name: 'armor-normalise',
    weight: 15,
    minRuns: 200,
    budgetMs: 2_000,
    arbitrary: armorText(c),
    describe: summary,
    run(text) {
      const { armored } = normaliseArmor(text);
      // Strict armor is a fixed point: normalising twice changes nothing.
      if (normaliseArmor(armored).armored !== armored) throw unexpected('normaliseArmor is not idempotent');
    },
  };
}
