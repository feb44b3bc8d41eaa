import { afterAll, describe } from 'vitest';
import { fuzzCase } from './check';
import { serverTarget, type ServerFuzz } from './server.fuzz';

let server: ServerFuzz | null = null;
afterAll(async () => server?.close());

describe('fuzz: vault server request parsing (Fastify inject, SQLite)', () => {
  fuzzCase('test/fuzz/server.test.ts', 'vault-request', async () => {
    server = await serverTarget();
    return server.target;
  });
});
