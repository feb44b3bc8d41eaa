/** The directory's part of the vault environment (docs/vault-directory.md). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** Envelope sender and From: of verification mails. */
  from: string;
  /** Name sent in EHLO. */
  helo: string;
  /** Bound on every wait for the server (connect, each reply), milliseconds. */
  timeoutMs: number;
}

export interface DirectoryConfig {
  /** Unset SMTP_HOST: no verification mails; request-verify answers 503. */
  smtp: SmtpConfig | undefined;
  /** Lower-cased domains whose published addresses are served over WKD. */
  wkdDomains: string[];
  /** Lifetime of upload and verification tokens, seconds. */
  tokenTtlSeconds: number;
  /** Verification mails per address per hour (keys.openpgp.org sends few). */
  mailsPerAddressPerHour: number;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

export function loadDirectoryConfig(env: NodeJS.ProcessEnv): DirectoryConfig {
  const host = env.SMTP_HOST || undefined;
  const from = env.SMTP_FROM || undefined;
  if (host && !from) throw new Error('SMTP_FROM must be set with SMTP_HOST (the From: of verification mails)');
  const domains = (env.WKD_DOMAINS ?? '').split(',').map((d) => d.trim().toLowerCase()).filter((d) => d !== '');
  for (const d of domains) if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)) throw new Error(`WKD_DOMAINS: "${d}" is not a domain name`);
  return {
    smtp: host && from ? {
      host,
      port: int('SMTP_PORT', env.SMTP_PORT, 25),
      from,
      helo: env.SMTP_HELO || 'localhost',
      timeoutMs: int('SMTP_TIMEOUT_MS', env.SMTP_TIMEOUT_MS, 10_000),
    } : undefined,
    wkdDomains: domains,
    tokenTtlSeconds: int('DIRECTORY_TOKEN_TTL', env.DIRECTORY_TOKEN_TTL, 24 * 3600),
    mailsPerAddressPerHour: int('DIRECTORY_MAILS_PER_HOUR', env.DIRECTORY_MAILS_PER_HOUR, 3),
  };
}
