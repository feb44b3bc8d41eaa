import path from 'node:path';
import { loadDirectoryConfig, type DirectoryConfig } from './directory/config.js';

/** Everything the vault reads from its environment, resolved once at start. */
export interface VaultConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Unset: SQLite file `vault.sqlite` in dataDir; `postgres://…`: PostgreSQL. */
  databaseUrl: string | undefined;
  publicUrl: string | undefined;
  /** Overrides for the secrets otherwise kept in DATA_DIR (shared by several processes). */
  opaqueServerSetup: string | undefined;
  tokenKey: string | undefined;
  accessTokenTtlSeconds: number;
  allowRegistration: boolean;
  /** Requests per minute per IP on all routes; login routes have tighter limits. */
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  /** Behind a reverse proxy: trust X-Forwarded-For so rate limits see the client IP. */
  trustProxy: boolean;
  logLevel: string;
  /** Public key directory: SMTP for verification mails, WKD domains (docs/vault-directory.md). */
  directory: DirectoryConfig;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return /^(1|true|yes|on)$/i.test(value);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): VaultConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset for SQLite)');
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', env.PORT, 8787),
    dataDir: path.resolve(env.DATA_DIR || './.cachet-data'),
    databaseUrl,
    publicUrl: env.PUBLIC_URL || undefined,
    opaqueServerSetup: env.OPAQUE_SERVER_SETUP || undefined,
    tokenKey: env.TOKEN_KEY || undefined,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL', env.ACCESS_TOKEN_TTL, 600),
    allowRegistration: bool(env.ALLOW_REGISTRATION, true),
    rateLimitPerMinute: int('RATE_LIMIT', env.RATE_LIMIT, 600),
    loginRateLimitPerMinute: int('LOGIN_RATE_LIMIT', env.LOGIN_RATE_LIMIT, 10),
    trustProxy: bool(env.TRUST_PROXY, false),
    logLevel: env.LOG_LEVEL || 'info',
    directory: loadDirectoryConfig(env),
  };
}
