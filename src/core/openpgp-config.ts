/**
 * The one hardened OpenPGP.js configuration every Cachet call passes explicitly,
 * so nothing depends on (or can be weakened through) the library's global `openpgp.config`.
 */
import * as openpgp from 'openpgp';

const { enums } = openpgp;

/** Argon2 memory exponent used when Cachet protects a key: 2^16 KiB = 64 MiB (RFC 9106 §4 second option). */
export const ARGON2_MEMORY_EXPONENT = 16;

/**
 * Largest Argon2 memory we agree to spend when *reading* someone else's S2K
 * (DS-02): 2^18 KiB = 256 MiB. Must stay ≥ ARGON2_MEMORY_EXPONENT.
 */
export const MAX_ARGON2_MEMORY_EXPONENT = 18;

/** Decompression cap (DS-01): a bomb aborts instead of exhausting the background. */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/**
 * Hardened configuration. Full `Config` (not Partial) so it can also be given to
 * methods such as `key.armor(config)` / `key.update(src, date, config)` that need one.
 */
export const pgpConfig: openpgp.Config = Object.freeze({
  ...openpgp.config,
  // MP-01 / MP-02: never release plaintext before integrity is checked (RFC 9580 §5.13.1, §13.7).
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
  // MP-08: messages must follow the RFC 9580 §10.3 grammar.
  enforceGrammar: true,
  ignoreMalformedPackets: false,
  maxDecompressedMessageSize: MAX_DECOMPRESSED_BYTES,
  maxArgon2MemoryExponent: MAX_ARGON2_MEMORY_EXPONENT,
  // KM-07: RSA below 2048 bits, DSA and ElGamal are refused for any use.
  minRSABits: 2048,
  rejectPublicKeyAlgorithms: new Set([enums.publicKey.elgamal, enums.publicKey.dsa]),
  rejectCurves: new Set([enums.curve.secp256k1]),
  // SG-10: MD5/RIPEMD-160 nowhere; SHA-1 not for data signatures (RFC 9580 §9.5).
  rejectHashAlgorithms: new Set([enums.hash.md5, enums.hash.ripemd]),
  rejectMessageHashAlgorithms: new Set([enums.hash.md5, enums.hash.ripemd, enums.hash.sha1]),
  preferredHashAlgorithm: enums.hash.sha512,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
  // Newly protected keys: Argon2id S2K (RFC 9580 §3.7.1.4) with AEAD, S2K usage 253 (§5.5.3).
  s2kType: enums.s2k.argon2,
  s2kArgon2Params: { passes: 3, parallelism: 4, memoryExponent: ARGON2_MEMORY_EXPONENT },
  aeadProtect: true,
  preferredAEADAlgorithm: enums.aead.ocb,
  // Armor without "Version:"/"Comment:" lines: less fingerprinting of the user's tool.
  // KM-04 wants over-long user IDs shown capped and flagged, not the whole key lost;
  // the per-key counts in read.ts bound the total.
  maxUserIDLength: 16 * 1024,
  showVersion: false,
  showComment: false,
  v6Keys: false,
}) as openpgp.Config;

/**
 * Config for things older tools must open: iterated+salted S2K (RFC 4880 §3.7.1.3) with
 * SHA-256 and AES-256, S2K usage 254, no AEAD — what `gpg` 2.2 imports and decrypts.
 * Used for "export for GnuPG" and for password-encrypted messages.
 */
export const gnupgCompatConfig: openpgp.Config = Object.freeze({
  ...pgpConfig,
  s2kType: enums.s2k.iterated,
  s2kIterationCountByte: 255,
  aeadProtect: false,
  preferredHashAlgorithm: enums.hash.sha256,
}) as openpgp.Config;
