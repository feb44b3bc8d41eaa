/**
 * A small SMTP server on loopback for tests of the vault's SMTP client: speaks
 * enough RFC 5321 (multi-line EHLO, MAIL, RCPT, DATA with dot-unstuffing, QUIT)
 * and records each accepted message. Not a mock of the client: the client talks
 * real SMTP to it over TCP.
 */
import net from 'node:net';

export interface ReceivedMail { from: string; to: string[]; data: string }

export interface FakeSmtp {
  port: number;
  mails: ReceivedMail[];
  /** Resolves with the next mail accepted (or one already received and not yet taken). */
  nextMail(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startFakeSmtp(opts: { silent?: boolean } = {}): Promise<FakeSmtp> {
  const mails: ReceivedMail[] = [];
  let taken = 0;
  const waiters: Array<(m: ReceivedMail) => void> = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (opts.silent) return; // never greets: the client must time out
    let buffer = '';
    let inData = false;
    let current: ReceivedMail = { from: '', to: [], data: '' };
    const dataLines: string[] = [];
    socket.write('220 fake.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            current.data = Buffer.from(dataLines.join('\r\n'), 'latin1').toString('utf8');
            dataLines.length = 0;
            mails.push(current);
            const w = waiters.shift();
            if (w) { taken++; w(current); }
            current = { from: '', to: [], data: '' };
            socket.write('250 2.0.0 queued\r\n');
          } else {
            dataLines.push(line.startsWith('.') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-fake.test\r\n250-SIZE 1000000\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') { current.from = /<(.*)>/.exec(line)?.[1] ?? ''; socket.write('250 ok\r\n'); }
        else if (verb === 'RCPT') { current.to.push(/<(.*)>/.exec(line)?.[1] ?? ''); socket.write('250 ok\r\n'); }
        else if (verb === 'DATA') { inData = true; socket.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
        else socket.write('502 unknown\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    mails,
    nextMail: () => {
      if (taken < mails.length) return Promise.resolve(mails[taken++] as ReceivedMail);
      return new Promise((resolve) => waiters.push(resolve));
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
