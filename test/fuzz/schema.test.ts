import { describe } from 'vitest';
import { fuzzCase } from './check';
import { schemaTarget } from './schema.fuzz';

describe('fuzz: background router input (envelope, sender, payload schemas)', () => {
  fuzzCase('test/fuzz/schema.test.ts', 'message-schema', async () => schemaTarget());
});
