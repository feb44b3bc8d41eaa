/**
 * One JSON request to the vault with bounded retries: network failures, timeouts (each try
 * has `timeoutMs`, body included), 5xx, 429 and answers that are not JSON are retried with
 * exponential backoff and full jitter (at most `attempts` tries),
 * but only for requests that are safe to repeat. Everything else maps to a VaultError
 * whose `code` the UI translates.
 */
import { CachetError, type ErrorCode } from '../../core/errors';
import type { KeyItem, VaultErrorBody, VaultErrorCode } from '../../shared/vault-api';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  timeoutMs: number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseMs: 300,
  maxMs: 5_000,
  timeoutMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** A failed vault request: the Cachet code plus what the vault said. */
export class VaultError extends CachetError {
  constructor(
    code: ErrorCode,
    detail: string | undefined,
    readonly status: number | null,
    readonly vaultCode: VaultErrorCode | null = null,
    /** 412: the item as the vault holds it now (null: it does not exist). */
    readonly current: KeyItem | null = null,
    /** 412 on a batch: the items that failed their precondition. */
    readonly conflicts: KeyItem[] = [],
  ) {
    super(code, detail);
    this.name = 'VaultError';
  }
}

export interface VaultRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Safe to send twice (GET, conditional PUT/DELETE, batch with revisions). */
  idempotent: boolean;
}

export interface VaultResponse<T> {
  status: number;
  /** null on 304. */
  body: T | null;
}

export function codeFor(status: number, vaultCode: VaultErrorCode | null): ErrorCode {
  if (status === 401) return 'VAULT_AUTH_FAILED';
  // VS-05: the device waits for approval; the sync engine stops there and leaves the keyring alone.
  if (status === 403 && vaultCode === 'device_not_approved') return 'VAULT_DEVICE_NOT_APPROVED';
  if (status === 403 && vaultCode === 'recovery_secret_invalid') return 'VAULT_RECOVERY_SECRET_INVALID';
  if (status === 409 && vaultCode === 'account_exists') return 'VAULT_ACCOUNT_EXISTS';
  if (status === 412) return 'VAULT_CONFLICT';
  if (status >= 500 || status === 429) return 'VAULT_UNREACHABLE';
  return 'VAULT_REFUSED';
}

async function errorFrom(res: Response): Promise<VaultError> {
  let body: Partial<VaultErrorBody> = {};
  try {
    body = (await res.json()) as Partial<VaultErrorBody>;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const vaultCode = body.error?.code ?? null;
  // The vault's message is plain text about the request, never secret; cap it anyway.
  const detail = (vaultCode ?? `HTTP ${res.status}`).slice(0, 64);
  return new VaultError(codeFor(res.status, vaultCode), detail, res.status, vaultCode, body.current ?? null, body.conflicts ?? []);
}

/** Network failures, timeouts, 5xx, 429 and answers that are not JSON (a proxy's page) are worth another try. */
function retryable(e: VaultError): boolean {
  return e.code === 'VAULT_UNREACHABLE';
}

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
function backoff(p: RetryPolicy, attempt: number): number {
  return Math.floor(p.random() * Math.min(p.maxMs, p.baseMs * 2 ** attempt));
}

async function once<T>(fetchFn: FetchLike, base: string, r: VaultRequest, timeoutMs: number): Promise<VaultResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...r.headers };
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetchFn(base + r.path, {
      method: r.method,
      headers,
      ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
      // Tokens go in the Authorization header only; no cookies, no referrer (VS-08).
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'error',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new VaultError('VAULT_UNREACHABLE', e instanceof Error ? e.name : 'network', null);
  }
  if (res.status === 304) return { status: 304, body: null };
  if (!res.ok) throw await errorFrom(res);
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    // Headers came, the body did not: the timeout fired mid-body or the connection was reset.
    throw new VaultError('VAULT_UNREACHABLE', e instanceof Error ? e.name : 'network', null);
  }
  // 204 (logout, device sign-out) and other empty answers carry no body.
  if (text === '') return { status: res.status, body: null };
  try {
    return { status: res.status, body: JSON.parse(text) as T };
  } catch {
    // Not our vault answering (captive portal, proxy error page, truncated body): retried, then unreachable.
    throw new VaultError('VAULT_UNREACHABLE', 'response is not JSON', res.status);
  }
}

export async function vaultRequest<T>(fetchFn: FetchLike, base: string, r: VaultRequest, p: RetryPolicy = DEFAULT_RETRY): Promise<VaultResponse<T>> {
  const attempts = r.idempotent ? Math.max(1, p.attempts) : 1;
  for (let attempt = 0; ; attempt++) {
    try {
      return await once<T>(fetchFn, base, r, p.timeoutMs);
    } catch (e) {
      if (!(e instanceof VaultError) || !retryable(e) || attempt + 1 >= attempts) throw e;
      await p.sleep(backoff(p, attempt));
    }
  }
}
