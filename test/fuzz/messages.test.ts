import { describe } from 'vitest';
import { fuzzCase } from './check';
import { corpus } from './corpus';
import { decryptTarget, verifyTarget } from './messages.fuzz';

const FILE = 'test/fuzz/messages.test.ts';

describe('fuzz: message decryption and signature verification', () => {
  fuzzCase(FILE, 'message-decrypt', async () => decryptTarget(await corpus()));
  fuzzCase(FILE, 'signature-verify', async () => verifyTarget(await corpus()));
});
