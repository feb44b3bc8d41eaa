import { describe } from 'vitest';
import { armorDetectTarget, armorNormaliseTarget } from './armor.fuzz';
import { fuzzCase } from './check';
import { corpus } from './corpus';

const FILE = 'test/fuzz/armor.test.ts';

describe('fuzz: armor detection and parsing', () => {
  fuzzCase(FILE, 'armor-detect', async () => armorDetectTarget(await corpus()));
  fuzzCase(FILE, 'armor-normalise', async () => armorNormaliseTarget(await corpus()));
});
