/**
 * inspectImport (parse, store nothing) and commitImport (store). Private keys are never
 * stored unprotected: protected ones are checked with their passphrase and re-protected
 * with Argon2id + AEAD when their S2K is weak (KM-07); unprotected ones get the new
 * passphrase the user chose. Known fingerprints are merged (revocations win). All
 * accepted keys are written in one transaction; refusals leave the rest going.
 */
import { CachetError, isCachetError } from '../../core/errors';
import { fromBase64 } from '../../core/keys/armor';
import { mergeKeys } from '../../core/keys/merge';
import { wipe } from '../../core/keys/parse';
import { assertNewPassphrase } from '../../core/keys/passphrase-strength';
import { protectPrivateKey, unlockPrivateKey } from '../../core/keys/protect';
import { readKeyMaterial, type ParsedKey } from '../../core/keys/read';
import { pgpConfig } from '../../core/openpgp-config';
import type { ImportRefusal, KeyData, PageProtocol } from '../../shared/protocol';
import { describeArmored } from '../describe-armored';
import type { KeyRecord } from '../keystore/db';
import { testPause } from '../test-hooks';
import type { HandlerContext, PageGroup } from './context';

// Test builds only (e2e pause points, test-hooks.ts); false and dropped in store builds.
declare const __TEST__: boolean;

async function parse(data: KeyData): Promise<Awaited<ReturnType<typeof readKeyMaterial>>> {
  if (data.encoding === 'armored') return readKeyMaterial(data.text);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(data.text);
  } catch {
    throw new CachetError('MALFORMED_ARMOR', 'not valid base64');
  }
  return readKeyMaterial(bytes);
}

type CommitRequest = PageProtocol['commitImport']['req'];

/** The armored form to store for one parsed key (protected if it holds a secret). */
async function storableForm(p: ParsedKey, existing: KeyRecord | undefined, req: CommitRequest): Promise<string> {
  const fpr = p.info.fingerprint;
  // Public key, or we already hold the secret: only the public parts are new information.
  if (p.secret === 'none' || existing?.info.hasSecret) {
    const incoming = p.key.toPublic().armor(pgpConfig);
    return existing ? mergeKeys(existing.armored, incoming) : incoming;
  }
  let passphrase: string | undefined;
  if (p.secret === 'protected') {
    passphrase = req.passphrases[fpr];
    if (passphrase === undefined) throw new CachetError('PASSPHRASE_REQUIRED');
  } else {
    passphrase = req.newPassphrases[fpr];
    if (passphrase === undefined) throw new CachetError('PASSPHRASE_REQUIRED');
    await assertNewPassphrase(passphrase);
  }
  // Unlocking also validates the secret against the public parameters (KM-06).
  const unlocked = await unlockPrivateKey(p.key.armor(pgpConfig), p.secret === 'protected' ? passphrase : '');
  let protectedForm: string;
  try {
    protectedForm = p.needsReprotect ? await protectPrivateKey(unlocked, passphrase) : p.key.armor(pgpConfig);
  } finally {
    wipe(unlocked);
  }
  // A public copy we held is merged INTO the private one (a public base would stay public).
  return existing ? mergeKeys(protectedForm, existing.armored) : protectedForm;
}

export function keysImportHandlers(ctx: HandlerContext): PageGroup<'inspectImport' | 'commitImport'> {
  return {
    async inspectImport(req) {
      const { keys, refused } = await parse(req);
      const ks = await ctx.keystore();
      const candidates = [];
      for (const p of keys) {
        const existing = (await ks.get(p.info.fingerprint)) !== null;
        candidates.push({ fingerprint: p.info.fingerprint, info: p.info, secret: p.secret, existing });
      }
      return { candidates, refused };
    },

    async commitImport(req) {
      const { keys, refused: parseRefusals } = await parse(req);
      const ks = await ctx.keystore();
      const refused: ImportRefusal[] = [...parseRefusals];
      const batch = new Map<string, KeyRecord>();
      const imported = new Set<string>();
      const merged = new Set<string>();
      const now = ctx.now().toISOString();
      for (const p of keys) {
        const fpr = p.info.fingerprint;
        // Same key twice in one paste: the second copy merges into the first.
        const inStore = await ks.get(fpr);
        const stored = batch.get(fpr) ?? inStore ?? undefined;
        try {
          const armored = await storableForm(p, stored, req);
          const info = await describeArmored(armored);
          if (info.fingerprint !== fpr) throw new CachetError('KEY_INVALID', 'fingerprint changed');
          batch.set(fpr, { fingerprint: fpr, armored, info, addedAt: stored?.addedAt ?? now, updatedAt: now });
          (inStore ? merged : imported).add(fpr);
          if (typeof __TEST__ !== 'undefined' && __TEST__) await testPause('import:between-keys');
        } catch (e) {
          if (!isCachetError(e)) throw e;
          refused.push(e.detail === undefined ? { label: fpr, code: e.code } : { label: fpr, code: e.code, detail: e.detail });
        }
      }
      await ks.apply({ put: [...batch.values()] });
      return { imported: [...imported], merged: [...merged], refused };
    },
  };
}
