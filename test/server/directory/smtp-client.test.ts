import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dotStuff, sendMail, SmtpError } from '../../../src/server/directory/smtp-client.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.js';

let server: FakeSmtp | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

describe('SMTP client', () => {
  it('dot-stuffs lines that start with a dot and ends DATA with CRLF.CRLF', () => {
    expect(dotStuff('a\n.b\r\n..c\n.\n')).toBe('a\r\n..b\r\n...c\r\n..\r\n.\r\n');
  });

  it('delivers a message through EHLO (multi-line reply), MAIL, RCPT, DATA, QUIT; the body survives dot-stuffing', async () => {
    server = await startFakeSmtp();
    const data = 'From: v@vault.test\r\nTo: a@example.test\r\nSubject: hi\r\n\r\nline\r\n.leading dot\r\n.\r\nend é\r\n';
    await sendMail({ host: '127.0.0.1', port: server.port, helo: 'vault.test', timeoutMs: 5000 }, { from: 'v@vault.test', to: ['a@example.test'], data });
    const mail = await server.nextMail();
    expect(mail.from).toBe('v@vault.test');
    expect(mail.to).toEqual(['a@example.test']);
    expect(mail.data + '\r\n').toBe(data);
  });

  it('gives up within its timeout on a server that never greets', async () => {
    server = await startFakeSmtp({ silent: true });
    const t0 = Date.now();
    await expect(sendMail({ host: '127.0.0.1', port: server.port, helo: 'x', timeoutMs: 300 }, { from: 'a@b.test', to: ['c@d.test'], data: 'x' }))
      .rejects.toThrow(/did not answer in time/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('refuses addresses that would extend the SMTP command, and reports a closed port', async () => {
    server = await startFakeSmtp();
    await expect(sendMail({ host: '127.0.0.1', port: server.port, helo: 'x', timeoutMs: 2000 }, { from: 'a@b.test', to: ['c@d.test>\r\nRCPT TO:<e@f.test'], data: 'x' }))
      .rejects.toBeInstanceOf(SmtpError);
    expect(server.mails).toHaveLength(0);
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(sendMail({ host: '127.0.0.1', port, helo: 'x', timeoutMs: 2000 }, { from: 'a@b.test', to: ['c@d.test'], data: 'x' }))
      .rejects.toThrow(/connect|closed/);
  });
});
