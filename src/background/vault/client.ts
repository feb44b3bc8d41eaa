/**
 * Typed client for the vault routes (docs/vault.md, src/shared/vault-api.ts).
 * Registration and login run OPAQUE on this side (RFC 9807) with the pinned library
 * and the key stretching both sides agreed on, so the password never leaves here.
 */
import * as opaque from '@serenity-kit/opaque';
import type {
  BatchRequest,
  BatchResponse,
  DeviceList,
  KeyItem,
  LoginStartResponse,
  PutKeyRequest,
  RegisterStartResponse,
  Session,
  SyncResponse,
} from '../../shared/vault-api';
import { OPAQUE_KEY_STRETCHING } from '../../shared/vault-api';
import type { ApprovalDevice, DeviceSelf, RecoverySecretResponse, TombstoneList } from '../../shared/vault-approval-api';
import { DEFAULT_RETRY, VaultError, vaultRequest, type FetchLike, type RetryPolicy, type VaultRequest } from './http';

type Stretching = NonNullable<Parameters<typeof opaque.client.finishRegistration>[0]['keyStretching']>;

/** `create`: If-None-Match: * (must not exist); a number: If-Match that revision. */
export type Precondition = 'create' | number;

export interface VaultClientOptions {
  baseUrl: string;
  fetch?: FetchLike;
  retry?: RetryPolicy;
  /** Only tests change this; production must match registration (OPAQUE_KEY_STRETCHING). */
  keyStretching?: Stretching;
}

function preconditionHeaders(p: Precondition): Record<string, string> {
  return p === 'create' ? { 'if-none-match': '*' } : { 'if-match': `"${p}"` };
}

const fp = (fingerprint: string) => encodeURIComponent(fingerprint.toLowerCase());

export class VaultClient {
  readonly baseUrl: string;
  private readonly fetchFn: FetchLike;
  private readonly retry: RetryPolicy;
  private readonly stretching: Stretching;

  constructor(o: VaultClientOptions) {
    this.baseUrl = o.baseUrl;
    this.fetchFn = o.fetch ?? ((input, init) => fetch(input, init));
    this.retry = o.retry ?? DEFAULT_RETRY;
    this.stretching = o.keyStretching ?? OPAQUE_KEY_STRETCHING;
  }

  private async send<T>(r: VaultRequest): Promise<T | null> {
    return (await vaultRequest<T>(this.fetchFn, this.baseUrl, r, this.retry)).body;
  }

  private async sendJson<T>(r: VaultRequest): Promise<T> {
    const body = await this.send<T>(r);
    if (body === null) throw new VaultError('VAULT_REFUSED', 'empty response', 304);
    return body;
  }

  /** The first device: approved, with the account's recovery secret (shown once, VS-05). */
  async register(email: string, password: string, deviceName: string): Promise<Session & Partial<RecoverySecretResponse>> {
    await opaque.ready;
    const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password });
    const { registrationResponse } = await this.sendJson<RegisterStartResponse>({
      method: 'POST', path: '/v1/auth/register/start', body: { email, registrationRequest }, idempotent: false,
    });
    const { registrationRecord } = opaque.client.finishRegistration({
      clientRegistrationState, registrationResponse, password, keyStretching: this.stretching,
    });
    return this.sendJson<Session & Partial<RecoverySecretResponse>>({
      method: 'POST', path: '/v1/auth/register/finish', body: { email, registrationRecord, deviceName }, idempotent: false,
    });
  }

  async login(email: string, password: string, deviceName: string): Promise<Session> {
    await opaque.ready;
    const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password });
    const { loginId, loginResponse } = await this.sendJson<LoginStartResponse>({
      method: 'POST', path: '/v1/auth/login/start', body: { email, startLoginRequest }, idempotent: false,
    });
    const result = opaque.client.finishLogin({ clientLoginState, loginResponse, password, keyStretching: this.stretching });
    // Wrong password (or unknown account): the envelope does not open. Same error either way (VS-06).
    if (!result) throw new VaultError('VAULT_AUTH_FAILED', undefined, 401);
    return this.sendJson<Session>({
      method: 'POST', path: '/v1/auth/login/finish', body: { loginId, finishLoginRequest: result.finishLoginRequest, deviceName }, idempotent: false,
    });
  }

  /** Single use, never retried: replaying a refresh token revokes the device. */
  refresh(refreshToken: string): Promise<Session> {
    return this.sendJson<Session>({ method: 'POST', path: '/v1/auth/refresh', body: { refreshToken }, idempotent: false });
  }

  async logout(token: string): Promise<void> {
    await this.send({ method: 'POST', path: '/v1/auth/logout', token, idempotent: false });
  }

  /** Devices carry their approval state (vault-approval-api.ts). */
  devices(token: string): Promise<{ devices: Array<DeviceList['devices'][number] & Partial<ApprovalDevice>> }> {
    return this.sendJson<DeviceList>({ method: 'GET', path: '/v1/devices', token, idempotent: true });
  }

  /** This device's own state; allowed while pending. */
  me(token: string): Promise<DeviceSelf> {
    return this.sendJson<DeviceSelf>({ method: 'GET', path: '/v1/devices/me', token, idempotent: true });
  }

  async approveDevice(token: string, id: string): Promise<void> {
    await this.send({ method: 'POST', path: `/v1/devices/${encodeURIComponent(id)}/approve`, token, idempotent: true });
  }

  /**
   * Approves this pending device with the recovery secret; returns the new secret. Never
   * retried (each try spends one of the few attempts the vault allows); 429 → VAULT_RATE_LIMITED.
   */
  async recover(token: string, recoverySecret: string): Promise<string> {
    try {
      const r = await this.sendJson<RecoverySecretResponse>({ method: 'POST', path: '/v1/devices/recover', body: { recoverySecret }, token, idempotent: false });
      return r.recoverySecret;
    } catch (e) {
      if (e instanceof VaultError && e.status === 429) throw new VaultError('VAULT_RATE_LIMITED', 'rate_limited', 429, 'rate_limited');
      throw e;
    }
  }

  async newRecoverySecret(token: string): Promise<string> {
    return (await this.sendJson<RecoverySecretResponse>({ method: 'POST', path: '/v1/account/recovery-secret', token, idempotent: false })).recoverySecret;
  }

  tombstones(token: string): Promise<TombstoneList> {
    return this.sendJson<TombstoneList>({ method: 'GET', path: '/v1/tombstones', token, idempotent: true });
  }

  async revokeDevice(token: string, id: string): Promise<void> {
    await this.send({ method: 'DELETE', path: `/v1/devices/${encodeURIComponent(id)}`, token, idempotent: true });
  }

  /** Changes after `since`; null when nothing changed (304). */
  sync(token: string, since: number): Promise<SyncResponse | null> {
    return this.send<SyncResponse>({ method: 'GET', path: `/v1/sync?since=${since}`, token, idempotent: true });
  }

  getKey(token: string, fingerprint: string): Promise<KeyItem> {
    return this.sendJson<KeyItem>({ method: 'GET', path: `/v1/keys/${fp(fingerprint)}`, token, idempotent: true });
  }

  /** 412 → VaultError VAULT_CONFLICT with `current`. */
  putKey(token: string, fingerprint: string, body: PutKeyRequest, precondition: Precondition): Promise<KeyItem> {
    return this.sendJson<KeyItem>({
      method: 'PUT', path: `/v1/keys/${fp(fingerprint)}`, body, token, headers: preconditionHeaders(precondition), idempotent: true,
    });
  }

  deleteKey(token: string, fingerprint: string, revision: number): Promise<KeyItem> {
    return this.sendJson<KeyItem>({
      method: 'DELETE', path: `/v1/keys/${fp(fingerprint)}`, token, headers: preconditionHeaders(revision), idempotent: true,
    });
  }

  /** All or nothing (a passphrase change of several keys); 412 → VAULT_CONFLICT with `conflicts`. */
  batch(token: string, items: BatchRequest['items']): Promise<BatchResponse> {
    return this.sendJson<BatchResponse>({ method: 'POST', path: '/v1/batch', body: { items }, token, idempotent: true });
  }
}
