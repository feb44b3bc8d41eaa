/**
 * A small in-memory key directory on loopback speaking the standard APIs the lookup
 * clients use (VKS by-email/by-fingerprint/upload/request-verify, HKP get/add, WKD direct).
 * It mimics keys.openpgp.org's answers closely enough for the background tests.
 */
import * as openpgp from 'openpgp';
import { wkdHash } from '../../../src/core/lookup/wkd';
import { startServer, type TestServer } from '../core/lookup/http-server';

export interface Directory {
  server: TestServer;
  byEmail: Map<string, string>;
  byFingerprint: Map<string, string>;
  wkd: Map<string, Uint8Array>;
  uploads: string[];
  verifyRequests: Array<{ token: string; addresses: string[] }>;
  hkpAdds: string[];
  /** Serves `armored` for every address of the key and its fingerprint. */
  publish(armored: string, emails: string[]): Promise<void>;
  /** Serves a key over WKD (direct method) for `address`. */
  wkdPublish(address: string, key: openpgp.Key): Promise<void>;
}

export async function startDirectory(): Promise<Directory> {
  const d = {
    byEmail: new Map<string, string>(),
    byFingerprint: new Map<string, string>(),
    wkd: new Map<string, Uint8Array>(),
    uploads: [] as string[],
    verifyRequests: [] as Array<{ token: string; addresses: string[] }>,
    hkpAdds: [] as string[],
  };
  const server = await startServer(async (req) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    const get = (m: Map<string, string>, k: string) => (m.has(k) ? { status: 200, body: m.get(k)!, type: 'application/pgp-keys' } : null);
    if (p.startsWith('/vks/v1/by-email/')) return get(d.byEmail, decodeURIComponent(p.slice('/vks/v1/by-email/'.length)));
    if (p.startsWith('/vks/v1/by-fingerprint/')) return get(d.byFingerprint, p.slice('/vks/v1/by-fingerprint/'.length));
    if (p === '/vks/v1/upload') {
      const { keytext } = JSON.parse(req.body) as { keytext: string };
      d.uploads.push(keytext);
      const key = await openpgp.readKey({ armoredKey: keytext });
      const fpr = key.getFingerprint().toUpperCase();
      const emails = key.users.map((u) => u.userID?.email ?? '').filter((e) => e !== '');
      d.byFingerprint.set(fpr, keytext); // served by fingerprint at once, as keys.openpgp.org does
      return { status: 200, type: 'application/json', body: JSON.stringify({ key_fpr: fpr, token: `t-${d.uploads.length}`, status: Object.fromEntries(emails.map((e) => [e, 'unpublished'])) }) };
    }
    if (p === '/vks/v1/request-verify') {
      const body = JSON.parse(req.body) as { token: string; addresses: string[] };
      d.verifyRequests.push(body);
      return { status: 200, type: 'application/json', body: JSON.stringify({ key_fpr: 'X', token: body.token, status: Object.fromEntries(body.addresses.map((a) => [a, 'pending'])) }) };
    }
    if (p === '/pks/add') {
      d.hkpAdds.push(new URLSearchParams(req.body).get('keytext') ?? '');
      return { status: 200, body: 'ok' };
    }
    if (p === '/pks/lookup' && url.searchParams.get('op') === 'get') {
      const s = url.searchParams.get('search') ?? '';
      return s.startsWith('0x') ? get(d.byFingerprint, s.slice(2)) : get(d.byEmail, s);
    }
    if (p.startsWith('/.well-known/openpgpkey/hu/')) {
      const body = d.wkd.get(p.slice('/.well-known/openpgpkey/hu/'.length));
      return body ? { status: 200, body, type: 'application/octet-stream' } : null;
    }
    return null;
  });
  return {
    ...d,
    server,
    async publish(armored, emails) {
      const key = await openpgp.readKey({ armoredKey: armored });
      for (const e of emails) d.byEmail.set(e, armored);
      d.byFingerprint.set(key.getFingerprint().toUpperCase(), armored);
    },
    async wkdPublish(address, key) {
      d.wkd.set(await wkdHash(address.split('@')[0]!), key.write());
    },
  };
}

