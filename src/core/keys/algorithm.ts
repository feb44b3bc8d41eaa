/** Human-readable algorithm names for key packets (`ed25519`, `rsa3072`, `ed25519 (v6)`). */
import type * as openpgp from 'openpgp';

type KeyPacket = openpgp.PublicKeyPacket | openpgp.PublicSubkeyPacket | openpgp.SecretKeyPacket | openpgp.SecretSubkeyPacket;

/** Names the algorithm of a key packet the way the UI and gpg users expect. */
export function algorithmName(packet: KeyPacket): string {
  const info = packet.getAlgorithmInfo();
  const suffix = packet.version === 6 ? ' (v6)' : '';
  switch (info.algorithm) {
    case 'rsaEncryptSign':
    case 'rsaEncrypt':
    case 'rsaSign':
      return `rsa${info.bits ?? '?'}${suffix}`;
    case 'eddsaLegacy':
    case 'ed25519':
      return `ed25519${suffix}`;
    case 'ed448':
      return `ed448${suffix}`;
    case 'x25519':
      return `cv25519${suffix}`;
    case 'x448':
      return `x448${suffix}`;
    case 'ecdh':
    case 'ecdsa': {
      const curve = info.curve === 'curve25519Legacy' ? 'cv25519' : info.curve === 'ed25519Legacy' ? 'ed25519' : info.curve;
      return `${info.algorithm === 'ecdh' ? 'ecdh-' : 'ecdsa-'}${curve ?? '?'}${suffix}`.replace('ecdh-cv25519', 'cv25519');
    }
    case 'dsa':
      return `dsa${info.bits ?? ''}`;
    case 'elgamal':
      return `elgamal${info.bits ?? ''}`;
    default:
      return `${String(info.algorithm)}${suffix}`;
  }
}
