// Bundled into bench.js of a temporary copy of the test build: Cachet's own core (the code the
// background runs) evaluated in an extension page, for the operations PageProtocol has no message
// for yet (encrypt+sign, decrypt+verify of 10 KB). Each call returns its own duration in ms,
// measured in the page so the CDP round trip is not counted.
import * as openpgp from 'openpgp';
import { decryptMessage, encryptMessage, generateKey, unlockPrivateKey } from '../../../src/core/index.ts';
import { PASSPHRASE, USER, messageText } from '../lib/workload.mjs';

const state = { text: messageText() };

async function time(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

globalThis.cachetBench = {
  generate: () =>
    time(async () => {
      const k = await generateKey({ name: USER.name, emails: [USER.email], passphrase: PASSPHRASE, profile: 'ecc', expiresInDays: null });
      state.armoredPrivate = k.armoredPrivate;
      state.publicKey = await openpgp.readKey({ armoredKey: k.armoredPublic });
    }),
  unlock: () =>
    time(async () => {
      state.unlocked = await unlockPrivateKey(state.armoredPrivate, PASSPHRASE);
    }),
  encrypt: () =>
    time(async () => {
      state.armoredMessage = await encryptMessage({ text: state.text, encryptionKeys: [state.publicKey], signingKeys: [state.unlocked] });
    }),
  decrypt: () =>
    time(async () => {
      const r = await decryptMessage({ armored: state.armoredMessage, decryptionKeys: [state.unlocked], verificationKeys: [state.publicKey] });
      if (r.data !== state.text || r.signatures[0]?.status !== 'good') throw new Error('page decrypt+verify failed');
    }),
};
