// Baseline: raw OpenPGP.js in Node with the same profile and hardened config the extension uses
// (v4 ed25519/cv25519, Argon2id 64 MiB + AEAD key protection: src/core/openpgp-config.ts).
import * as openpgp from 'openpgp';
import { importTs } from './lib/bundle.mjs';
import { PASSPHRASE, USER, messageText } from './lib/workload.mjs';

async function timed(n, fn) {
  const times = [];
  let last;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = await fn(i);
    times.push(performance.now() - t0);
  }
  return { times, last };
}

/**
 * Runs each operation n times (ms per run). Returns the timings and an Argon2-protected armored
 * key the vault benchmark reuses (making one costs seconds of Argon2).
 */
export async function benchNodeCrypto({ keyRuns, messageRuns, workDir }) {
  const { pgpConfig: config } = await importTs('src/core/openpgp-config.ts', workDir, 'openpgp-config');
  const text = messageText();

  const gen = await timed(keyRuns, () =>
    openpgp.generateKey({ type: 'ecc', userIDs: [USER], passphrase: PASSPHRASE, config, format: 'armored' }),
  );
  const { privateKey: armoredPrivate, publicKey: armoredPublic } = gen.last;

  const unlock = await timed(keyRuns, async () =>
    openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: armoredPrivate, config }), passphrase: PASSPHRASE, config }),
  );
  const unlocked = unlock.last;
  const publicKey = await openpgp.readKey({ armoredKey: armoredPublic, config });

  // One untimed run of each message operation first (JIT, WASM/crypto init), as in the page.
  const enc = await timed(messageRuns + 1, async () =>
    openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: publicKey, signingKeys: unlocked, config }),
  );
  const dec = await timed(messageRuns + 1, async () => {
    const message = await openpgp.readMessage({ armoredMessage: enc.last, config });
    const r = await openpgp.decrypt({ message, decryptionKeys: unlocked, verificationKeys: publicKey, expectSigned: true, config });
    await r.signatures[0].verified;
    if (r.data !== text) throw new Error('Node decrypt returned other text');
    return r;
  });

  return {
    times: { generate: gen.times, unlock: unlock.times, encrypt: enc.times.slice(1), decrypt: dec.times.slice(1) },
    key: { armoredPrivate, armoredPublic, fingerprint: publicKey.getFingerprint() },
  };
}
