import { describe } from 'vitest';
import { fuzzCase } from './check';
import { corpus } from './corpus';
import { mimeTarget } from './mime.fuzz';

describe('fuzz: MIME parsing', () => {
  fuzzCase('test/fuzz/mime.test.ts', 'mime-parse', async () => mimeTarget(await corpus()));
});
