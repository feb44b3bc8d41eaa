/** Unprotected public test keys (no S2K: fast), generated with OpenPGP.js. */
import * as openpgp from 'openpgp';

export async function publicKey(emails: string[], extra: { name?: string; type?: 'ecc' | 'rsa' } = {}): Promise<openpgp.PublicKey> {
  const { publicKey } = await openpgp.generateKey({
    type: extra.type ?? 'ecc',
    ...(extra.type === 'rsa' ? { rsaBits: 2048 } : {}),
    userIDs: emails.map((email) => ({ name: extra.name ?? email.split('@')[0], email })),
    format: 'object',
  });
  return publicKey;
}

export async function keyPair(email: string): Promise<{ privateKey: openpgp.PrivateKey; publicKey: openpgp.PublicKey }> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ name: 'x', email }], format: 'object' });
  return { privateKey, publicKey };
}
