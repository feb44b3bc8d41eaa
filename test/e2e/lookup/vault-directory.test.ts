/**
 * The user's vault as key directory (issue 5 §1/§4), against the real vault process:
 * carol publishes her key in the vault directory the keys.openpgp.org way (VKS upload,
 * request-verify, the mailed link confirmed); alice, logged in to that vault, looks carol
 * up → found with the source "vault directory", imported after confirmation, then usable.
 * The verification mail goes to a loopback SMTP server (test/server/directory/fake-smtp.ts).
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmtp, type FakeSmtp } from '../../server/directory/fake-smtp';
import { answerConfirmWindow, BROWSER_KINDS, launch, sendFromPage, until, type ExtensionHarness } from '../harness';
import { VaultProcess } from '../vault/vault-process';

const PASS = 'orbit-lantern-velvet-42-quartz';
const VAULT_PASSWORD = 'grain-hollow-amber-91-coast';

async function publishInDirectory(base: string, smtp: FakeSmtp, key: openpgp.PublicKey, email: string): Promise<void> {
  const post = (path: string, body: unknown) => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { token } = (await (await post('/vks/v1/upload', { keytext: key.armor() })).json()) as { token: string };
  const rv = await post('/vks/v1/request-verify', { token, addresses: [email] });
  if (rv.status !== 200) throw new Error(`request-verify: ${rv.status} ${await rv.text()}`);
  const mail = (await smtp.nextMail()).data;
  const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+)/.exec(mail)?.[1];
  if (!link) throw new Error(`no link in the mail:\n${mail}`);
  const action = /<form method="post" action="([^"]+)"/.exec(await (await fetch(link)).text())?.[1];
  if (!action) throw new Error('no confirmation form');
  const done = await fetch(new URL(action, link), { method: 'POST' });
  if (done.status !== 200) throw new Error(`verify: ${done.status}`);
}

describe.each(BROWSER_KINDS)('vault key directory look-up (%s)', (kind) => {
  let smtp: FakeSmtp;
  let vault: VaultProcess;
  let h: ExtensionHarness;
  let carolFpr = '';

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    // VaultProcess passes process.env through to the vault: point its SMTP client at ours.
    const saved = { ...process.env };
    Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'keys@vault.test' });
    try {
      vault = await VaultProcess.launch();
    } finally {
      for (const k of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM']) if (saved[k] === undefined) delete process.env[k];
    }
    const carol = await openpgp.generateKey({ userIDs: [{ name: 'Carol', email: 'carol@example.net' }], format: 'object' });
    carolFpr = carol.publicKey.getFingerprint().toUpperCase();
    await publishInDirectory(vault.url, smtp, carol.publicKey, 'carol@example.net');
    h = await launch(kind, { backgroundIdleMs: 30_000 });
  });

  afterAll(async () => {
    await h?.close();
    await vault?.stop();
    await smtp?.close();
  });

  it("finds carol's key in the vault directory only, with its source; import makes her a usable recipient", async () => {
    const page = await h.openExtensionPage('options.html');
    // Safe to run twice in one browser (vitest retry): a first attempt may have imported carol
    // and registered the account.
    const listed = await sendFromPage(page, 'listKeys', {});
    if (!listed.ok) throw new Error(`listKeys: ${listed.error.code}`);
    if (listed.value.keys.some((k) => k.fingerprint === carolFpr)) {
      const removed = await sendFromPage(page, 'deleteKey', { fingerprint: carolFpr, confirm: carolFpr });
      if (!removed.ok) throw new Error(`deleteKey: ${removed.error.code}`);
    }
    if (!listed.value.keys.some((k) => k.emails.includes('alice@example.org'))) {
      const gen = await sendFromPage(page, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
      if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    }
    const status = await sendFromPage(page, 'vaultStatus', {});
    if (!status.ok || !status.value.connected) {
      const reg = await sendFromPage(page, 'vaultRegister', { url: vault.url, email: 'alice@example.org', password: VAULT_PASSWORD });
      const again = reg.ok || reg.error.code !== 'VAULT_ACCOUNT_EXISTS' ? reg : await sendFromPage(page, 'vaultLogin', { url: vault.url, email: 'alice@example.org', password: VAULT_PASSWORD });
      if (!again.ok) throw new Error(`vaultRegister/vaultLogin: ${again.error.code}`);
    }
    // WKD would go to example.net over the network: only the directory is asked here.
    const set = await sendFromPage(page, 'setLookupSettings', { keyServers: [], wkd: false, vaultDirectory: true });
    expect(set.ok).toBe(true);

    const r = await sendFromPage(page, 'lookupKeys', { emails: ['carol@example.net'] });
    if (!r.ok) throw new Error(`lookupKeys: ${r.error.code}`);
    const [result] = r.value.results;
    expect(result!.errors).toEqual([]);
    expect(result!.found.map((f) => [f.fingerprint, f.state])).toEqual([[carolFpr, 'new']]);
    expect(result!.found[0]!.sources).toEqual([{ kind: 'vault-directory', url: vault.url }]);

    const before = await sendFromPage(page, 'resolveRecipients', { addresses: ['carol@example.net'] });
    expect(before.ok && before.value.statuses[0]!.problem).toBe('missing');
    const ask = await sendFromPage(page, 'askLookupImport', { address: 'carol@example.net', armored: result!.found[0]!.armored, fingerprint: carolFpr, replace: false, sources: result!.found[0]!.sources });
    if (!ask.ok) throw new Error(`askLookupImport: ${ask.error.code}`);
    // Imported only once approved in Cachet's confirmation window (PI-03).
    await answerConfirmWindow(h, true, 'lookupImport');
    await until(async () => {
      const o = await sendFromPage(page, 'getConfirmationOutcome', { confirmationId: ask.value.confirmationId });
      return o.ok && o.value.state !== 'pending' ? o.value : undefined;
    }, 30_000, 'the confirmation outcome').then((o) => expect(o).toEqual({ state: 'approved', error: null }));
    const after = await sendFromPage(page, 'resolveRecipients', { addresses: ['carol@example.net'] });
    expect(after.ok && after.value.statuses[0]).toMatchObject({ problem: null, key: { fingerprint: carolFpr } });
  });
});
