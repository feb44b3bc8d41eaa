import { describe } from 'vitest';
import { fuzzCase } from './check';
import { corpus } from './corpus';
import { keyImportTarget } from './keys.fuzz';

describe('fuzz: key import', () => {
  fuzzCase('test/fuzz/keys.test.ts', 'key-import', async () => keyImportTarget(await corpus()));
});
