import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import * as opaque from '@serenity-kit/opaque';
import type { VaultConfig } from './config.js';

/** The server's long-lived secrets. Losing `opaqueServerSetup` invalidates every account. */
export interface VaultSecrets {
  opaqueServerSetup: string;
  /** HMAC-SHA-256 key for access tokens and email hashes. */
  tokenKey: Buffer;
}

interface SecretsFile { opaqueServerSetup: string; tokenKey: string }

/**
 * Reads `secrets.json` from DATA_DIR (env values win), creating it with mode
 * 0600 on first start. `wx` makes creation atomic so two processes starting
 * together on one DATA_DIR agree on a single file.
 */
export async function loadSecrets(config: VaultConfig): Promise<VaultSecrets> {
  await opaque.ready;
  let fromFile: SecretsFile | undefined;
  if (!config.opaqueServerSetup || !config.tokenKey) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(config.dataDir, 'secrets.json');
    const fresh: SecretsFile = {
      opaqueServerSetup: opaque.server.createSetup(),
      tokenKey: randomBytes(32).toString('base64url'),
    };
    try {
      writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    chmodSync(file, 0o600);
    fromFile = JSON.parse(readFileSync(file, 'utf8')) as SecretsFile;
  }
  const opaqueServerSetup = config.opaqueServerSetup ?? fromFile?.opaqueServerSetup;
  const tokenKey = config.tokenKey ?? fromFile?.tokenKey;
  if (!opaqueServerSetup || !tokenKey) throw new Error('secrets.json is incomplete');
  const key = Buffer.from(tokenKey, 'base64url');
  if (key.length < 32) throw new Error('TOKEN_KEY must be at least 32 bytes, base64url');
  return { opaqueServerSetup, tokenKey: key };
}
