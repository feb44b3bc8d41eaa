/**
 * Valid seeds the structure-aware arbitraries mutate: a key, messages in every form
 * Cachet reads (SEIPD v1 and v2, signed, compressed, password), a cleartext signature,
 * a detached signature. Built with OpenPGP.js at run time (no checked-in blobs), once
 * per test file. The key is unprotected so generating the corpus takes milliseconds;
 * a passphrase-protected copy is the import seed.
 */
import * as openpgp from 'openpgp';
import { pgpConfig } from '../../src/core/openpgp-config';

export const PLAINTEXT = 'Fuzz corpus plaintext: meet at noon.\nSecond line é.\n';
export const PASSWORD = 'fuzz corpus password';

export interface Corpus {
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
  armoredPublic: string;
  armoredPrivate: string;
  binaryPublic: Uint8Array;
  binaryPrivate: Uint8Array;
  /** Armored messages to the key (SEIPD v1 signed, SEIPD v2 AEAD, compressed, password). */
  messages: string[];
  binaryMessages: Uint8Array[];
  cleartext: string;
  detached: string;
}

let cached: Promise<Corpus> | null = null;

async function build(): Promise<Corpus> {
  const { privateKey: armoredClear } = await openpgp.generateKey({
    type: 'ecc',
    userIDs: [{ name: 'Fuzz', email: 'fuzz@example.org' }],
    format: 'armored',
    config: pgpConfig,
  });
  const privateKey = await openpgp.readPrivateKey({ armoredKey: armoredClear, config: pgpConfig });
  const publicKey = privateKey.toPublic();
  const protectedKey = await openpgp.encryptKey({
    privateKey,
    passphrase: PASSWORD,
    // Iterated S2K: cheap to make, and the import path must handle gpg-style protection too.
    config: { ...pgpConfig, s2kType: openpgp.enums.s2k.iterated, aeadProtect: false },
  });
  const text = await openpgp.createMessage({ text: PLAINTEXT });
  const v1 = { ...pgpConfig, aeadProtect: false };
  const aead = { ...pgpConfig, aeadProtect: true };
  const zip = { ...pgpConfig, aeadProtect: false, preferredCompressionAlgorithm: openpgp.enums.compression.zlib };
  const messages = [
    await openpgp.encrypt({ message: text, encryptionKeys: publicKey, signingKeys: privateKey, config: v1 }),
    await openpgp.encrypt({ message: text, encryptionKeys: publicKey, config: aead }),
    await openpgp.encrypt({ message: text, encryptionKeys: publicKey, signingKeys: privateKey, config: zip }),
    await openpgp.encrypt({ message: text, passwords: [PASSWORD], config: { ...v1, s2kType: openpgp.enums.s2k.iterated, s2kIterationCountByte: 0 } }),
  ];
  const binaryMessages = await Promise.all(messages.map(async (m) => (await openpgp.unarmor(m)).data as Uint8Array));
  const cleartext = await openpgp.sign({
    message: await openpgp.createCleartextMessage({ text: PLAINTEXT }),
    signingKeys: privateKey,
    config: pgpConfig,
  });
  const detached = await openpgp.sign({ message: text, signingKeys: privateKey, detached: true, config: pgpConfig });
  return {
    privateKey,
    publicKey,
    armoredPublic: publicKey.armor(pgpConfig),
    armoredPrivate: protectedKey.armor(pgpConfig),
    binaryPublic: publicKey.write(),
    binaryPrivate: protectedKey.write(),
    messages,
    binaryMessages,
    cleartext,
    detached,
  };
}

/** The corpus, built once per process. */
export function corpus(): Promise<Corpus> {
  cached ??= build();
  return cached;
}
