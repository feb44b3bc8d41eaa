/**
 * Message decryption and verification: `decryptMessage` over mutated SEIPD v1 / v2,
 * compressed and password messages (binary and re-armored), `verifyCleartext` and
 * `verifyDetached` over mutated signatures. Only CachetError; and the stronger
 * property of MP-01/MP-02: a mutated message that still decrypts yields exactly the
 * original plaintext (nothing unauthenticated is ever released), and a signature only
 * says "good" over the exact text that was signed.
 */
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { decryptMessage, verifyCleartext, verifyDetached } from '../../src/core/messages';
import { PASSWORD, PLAINTEXT, type Corpus } from './corpus';
import { mutatedBytes, mutatedText, rearmored, summary } from './mutate';
import type { FuzzTarget } from './runner';

type Input = { form: 'armored'; text: string; password: boolean } | { form: 'binary'; bytes: Uint8Array; password: boolean };

function messageInput(c: Corpus): fc.Arbitrary<Input> {
  const keyMsgs = c.binaryMessages.slice(0, 3);
  const pwMsgs = c.binaryMessages.slice(3);
  const { message } = openpgp.enums.armor;
  return fc.oneof(
    { arbitrary: mutatedBytes(keyMsgs).map((bytes): Input => ({ form: 'binary', bytes, password: false })), weight: 4 },
    { arbitrary: rearmored(keyMsgs, message).map((text): Input => ({ form: 'armored', text, password: false })), weight: 3 },
    { arbitrary: mutatedBytes(pwMsgs).map((bytes): Input => ({ form: 'binary', bytes, password: true })), weight: 2 },
    { arbitrary: mutatedText(c.messages).map((text): Input => ({ form: 'armored', text, password: false })), weight: 1 },
  );
}

export function decryptTarget(c: Corpus): FuzzTarget<Input> {
  return {
    name: 'message-decrypt',
    weight: 4,
    minRuns: 60,
    budgetMs: 10_000,
    arbitrary: messageInput(c),
    describe: (i) => `${i.form}${i.password ? '+password' : ''} ${summary(i.form === 'armored' ? i.text : i.bytes)}`,
    async run(i) {
      const r = await decryptMessage({
        ...(i.form === 'armored' ? { armored: i.text } : { binary: i.bytes }),
        decryptionKeys: [c.privateKey],
        verificationKeys: [c.publicKey],
        ...(i.password ? { passwords: [PASSWORD] } : {}),
      });
      if (r.data !== PLAINTEXT) throw new Error('a mutated message released other plaintext than the original');
    },
  };
}

type SigInput = { kind: 'cleartext'; text: string } | { kind: 'detached'; sig: string | Uint8Array; text: string };

function sigInput(c: Corpus): fc.Arbitrary<SigInput> {
  return fc.oneof(
    { arbitrary: mutatedText([c.cleartext]).map((text): SigInput => ({ kind: 'cleartext', text })), weight: 3 },
    {
      arbitrary: fc.tuple(mutatedText([c.detached], 3), fc.boolean()).map(([sig, same]): SigInput => ({ kind: 'detached', sig, text: same ? PLAINTEXT : `${PLAINTEXT}x` })),
      weight: 2,
    },
  );
}

export function verifyTarget(c: Corpus): FuzzTarget<SigInput> {
  return {
    name: 'signature-verify',
    weight: 2,
    minRuns: 60,
    budgetMs: 10_000,
    arbitrary: sigInput(c),
    describe: (i) => `${i.kind} ${summary(i.kind === 'cleartext' ? i.text : i.sig)}`,
    async run(i) {
      if (i.kind === 'cleartext') {
        const r = await verifyCleartext({ armored: i.text, verificationKeys: [c.publicKey] });
        // RFC 9580 §7.2: trailing whitespace is not signed, so compare without it.
        const same = r.text.replace(/[ \t]+$/gm, '').replace(/\n+$/, '') === PLAINTEXT.replace(/\n+$/, '');
        if (!same && r.signatures.some((s) => s.status === 'good')) throw new Error('good signature over other text');
        return;
      }
      const r = await verifyDetached({ text: i.text, signature: i.sig, verificationKeys: [c.publicKey] });
      if (i.text !== PLAINTEXT && r.signatures.some((s) => s.status === 'good')) throw new Error('good detached signature over other text');
    },
  };
}
