import * as opaque from '@serenity-kit/opaque';
import type { LightMyRequestResponse } from 'fastify';
import type { LoginStartResponse, Session } from '../../../src/shared/vault-api.js';
import { OPAQUE_KEY_STRETCHING } from '../../../src/shared/vault-api.js';
import type { TestVault } from './vault.js';

type Stretching = NonNullable<Parameters<typeof opaque.client.finishRegistration>[0]['keyStretching']>;

/**
 * Tests that are not about OPAQUE itself use cheap Argon2id so the suite stays
 * fast; the server cannot tell (stretching is client-side only). The round-trip
 * test uses the production OPAQUE_KEY_STRETCHING.
 */
export const CHEAP_STRETCHING: Stretching = { 'argon2id-custom': { memory: 256, iterations: 1, parallelism: 1 } };
export const REAL_STRETCHING: Stretching = OPAQUE_KEY_STRETCHING;

function json<T>(res: LightMyRequestResponse): T {
  if (res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}: ${res.body}`);
  return res.json<T>();
}

export async function register(vault: Pick<TestVault, 'request'>, email: string, password: string, keyStretching = CHEAP_STRETCHING): Promise<Session> {
  await opaque.ready;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password });
  const start = await vault.request({ method: 'POST', url: '/v1/auth/register/start', payload: { email, registrationRequest } });
  const { registrationResponse } = json<{ registrationResponse: string }>(start);
  const { registrationRecord } = opaque.client.finishRegistration({ clientRegistrationState, registrationResponse, password, keyStretching });
  const finish = await vault.request({ method: 'POST', url: '/v1/auth/register/finish', payload: { email, registrationRecord, deviceName: 'test device' } });
  return json<Session>(finish);
}

/** Login start plus the client's finish; `finishLoginRequest` undefined when the password is wrong. */
export async function loginProof(vault: Pick<TestVault, 'request'>, email: string, password: string, keyStretching = CHEAP_STRETCHING): Promise<{ loginId: string; finishLoginRequest: string | undefined }> {
  await opaque.ready;
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password });
  const start = await vault.request({ method: 'POST', url: '/v1/auth/login/start', payload: { email, startLoginRequest } });
  const { loginId, loginResponse } = json<LoginStartResponse>(start);
  const result = opaque.client.finishLogin({ clientLoginState, loginResponse, password, keyStretching });
  return { loginId, finishLoginRequest: result?.finishLoginRequest };
}

export async function login(vault: Pick<TestVault, 'request'>, email: string, password: string, keyStretching = CHEAP_STRETCHING): Promise<Session> {
  const { loginId, finishLoginRequest } = await loginProof(vault, email, password, keyStretching);
  if (!finishLoginRequest) throw new Error('client could not finish login');
  const res = await vault.request({ method: 'POST', url: '/v1/auth/login/finish', payload: { loginId, finishLoginRequest, deviceName: 'second device' } });
  return json<Session>(res);
}
