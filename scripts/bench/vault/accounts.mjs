// Accounts for the load: one per connection (64 users each syncing their own keys, which is what
// a family or team vault sees), registered with OPAQUE like the extension does, each holding the
// same Argon2-protected key (items are per account; making a key costs seconds of Argon2).
import { randomBytes } from 'node:crypto';
import * as opaque from '@serenity-kit/opaque';

/**
 * Client-side key stretching only (the server cannot tell): cheap Argon2id so registering 64
 * accounts takes a second, as test/server/helpers/opaque-client.ts does.
 */
const CHEAP_STRETCHING = { 'argon2id-custom': { memory: 256, iterations: 1, parallelism: 1 } };

async function postJson(base, path, body, headers = {}) {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

/** OPAQUE registration (RFC 9807 §6): returns the session (access token) register/finish gives. */
async function register(base, email, password) {
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password });
  const { registrationResponse } = await postJson(base, '/v1/auth/register/start', { email, registrationRequest });
  const { registrationRecord } = opaque.client.finishRegistration({ clientRegistrationState, registrationResponse, password, keyStretching: CHEAP_STRETCHING });
  return postJson(base, '/v1/auth/register/finish', { email, registrationRecord, deviceName: 'bench' });
}

/** A full OPAQUE login (start + finish), as a second device would do: proves the account works. */
async function login(base, email, password) {
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password });
  const { loginId, loginResponse } = await postJson(base, '/v1/auth/login/start', { email, startLoginRequest });
  const finished = opaque.client.finishLogin({ clientLoginState, loginResponse, password, keyStretching: CHEAP_STRETCHING });
  if (!finished) throw new Error('OPAQUE login could not be finished (wrong password?)');
  return postJson(base, '/v1/auth/login/finish', { loginId, finishLoginRequest: finished.finishLoginRequest, deviceName: 'bench' });
}

/**
 * Registers `count` accounts, logs each in, stores `key` with If-None-Match: * and returns per
 * account {token, seq, revision} ready for the load.
 */
export async function seedAccounts(base, count, key) {
  await opaque.ready;
  const run = randomBytes(4).toString('hex');
  const body = JSON.stringify({ publicKey: key.armoredPublic, privateKey: key.armoredPrivate });
  const accounts = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${run}-${i}@bench.example`;
    const password = randomBytes(12).toString('base64url');
    await register(base, email, password);
    const { accessToken } = await login(base, email, password);
    const auth = { authorization: `Bearer ${accessToken}` };
    const put = await fetch(`${base}/v1/keys/${key.fingerprint}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json', 'if-none-match': '*' },
      body,
    });
    if (put.status !== 201) throw new Error(`seeding key: HTTP ${put.status} ${await put.text()}`);
    const sync = await fetch(`${base}/v1/sync?since=0`, { headers: auth });
    if (sync.status !== 200) throw new Error(`seeding sync: HTTP ${sync.status} ${await sync.text()}`);
    accounts.push({ auth, seq: (await sync.json()).seq, revision: 1 });
  }
  return { accounts, body: Buffer.from(body) };
}
