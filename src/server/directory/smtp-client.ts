/**
 * A minimal SMTP client (RFC 5321) on node:net for the verification mails:
 * EHLO (HELO if refused), MAIL FROM, RCPT TO, DATA with dot-stuffing (§4.5.2),
 * QUIT. Plain TCP, no AUTH: point it at a local MTA (Postfix on loopback or a
 * relay on the same host) that does TLS and delivery. Every wait is bounded.
 */
import net from 'node:net';

export interface SmtpTarget { host: string; port: number; helo: string; timeoutMs: number }

export interface SmtpMessage {
  /** Envelope sender (reverse-path). */
  from: string;
  /** Envelope recipients (forward-paths). */
  to: string[];
  /** The whole message, headers + blank line + body; any line ending. */
  data: string;
}

export class SmtpError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
    this.name = 'SmtpError';
  }
}

interface Reply { code: number; text: string }

/** Replies longer than this are not SMTP (RFC 5321 §4.5.3.1.5 reply lines are ≤ 512 octets). */
const MAX_REPLY_BYTES = 64 * 1024;

/** Normalises line endings to CRLF and doubles a leading dot on every line (§4.5.2). */
export function dotStuff(data: string): string {
  const lines = data.replace(/\r\n|\r|\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.startsWith('.') ? '.' + l : l)).join('\r\n') + '\r\n.\r\n';
}

/** An address placed into `<…>` must not carry anything that ends or extends the command. */
function path(address: string): string {
  if (!/^[^\s<>\r\n]+@[^\s<>\r\n]+$/.test(address)) throw new SmtpError(`refusing address ${JSON.stringify(address)}`);
  return `<${address}>`;
}

/** Sends one message; resolves once the server accepted it (250 after DATA). */
export async function sendMail(target: SmtpTarget, message: SmtpMessage): Promise<void> {
  const socket = net.connect({ host: target.host, port: target.port });
  socket.setTimeout(target.timeoutMs);
  const replies = replyReader(socket, target.timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SmtpError(`connect to ${target.host}:${target.port} timed out`)), target.timeoutMs);
      socket.once('connect', () => { clearTimeout(timer); resolve(); });
      socket.once('error', (e) => { clearTimeout(timer); reject(new SmtpError(`connect: ${e.message}`)); });
    });
    const command = async (line: string | null, expect: number[]): Promise<Reply> => {
      if (line !== null) socket.write(line + '\r\n');
      const reply = await replies.next();
      if (!expect.includes(reply.code)) throw new SmtpError(`${line?.split(' ')[0] ?? 'greeting'}: ${reply.code} ${reply.text}`, reply.code);
      return reply;
    };
    await command(null, [220]);
    try {
      await command(`EHLO ${target.helo}`, [250]);
    } catch (e) {
      if (!(e instanceof SmtpError) || (e.code ?? 0) < 500) throw e;
      await command(`HELO ${target.helo}`, [250]);
    }
    await command(`MAIL FROM:${path(message.from)}`, [250]);
    for (const rcpt of message.to) await command(`RCPT TO:${path(rcpt)}`, [250, 251]);
    await command('DATA', [354]);
    socket.write(dotStuff(message.data));
    await command(null, [250]);
    // The message is accepted; a server that does not answer QUIT politely changes nothing.
    await command('QUIT', [221]).catch(() => undefined);
  } finally {
    replies.stop();
    socket.destroy();
  }
}

/** Reads complete (possibly multi-line, `250-…`) replies from the socket, each within the timeout. */
function replyReader(socket: net.Socket, timeoutMs: number): { next(): Promise<Reply>; stop(): void } {
  let buffer = '';
  let failure: Error | null = null;
  const ready: Reply[] = [];
  let waiter: { resolve(r: Reply): void; reject(e: Error): void } | null = null;

  const settle = () => {
    if (!waiter) return;
    const w = waiter;
    if (ready.length > 0) { waiter = null; w.resolve(ready.shift() as Reply); } else if (failure) { waiter = null; w.reject(failure); }
  };
  const parse = () => {
    const lines: string[] = [];
    let start = 0;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n', start)) {
      const line = buffer.slice(start, end);
      start = end + 2;
      lines.push(line);
      const m = /^(\d{3})([ -])(.*)$/.exec(line);
      if (!m) { failure = new SmtpError(`not an SMTP reply: ${JSON.stringify(line.slice(0, 80))}`); break; }
      if (m[2] === ' ') {
        ready.push({ code: Number(m[1]), text: lines.map((l) => l.slice(4)).join('\n') });
        lines.length = 0;
        buffer = buffer.slice(start);
        start = 0;
      }
    }
    if (buffer.length > MAX_REPLY_BYTES) failure = new SmtpError('SMTP reply too long');
    settle();
  };
  const onData = (chunk: Buffer) => { buffer += chunk.toString('latin1'); parse(); };
  const onEnd = () => { failure ??= new SmtpError('connection closed by the SMTP server'); settle(); };
  const onError = (e: Error) => { failure ??= new SmtpError(e.message); settle(); };
  const onTimeout = () => { failure ??= new SmtpError('SMTP server did not answer in time'); settle(); socket.destroy(); };
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('close', onEnd);
  socket.on('error', onError);
  socket.on('timeout', onTimeout);

  return {
    next: () => new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => { waiter = null; reject(new SmtpError('SMTP server did not answer in time')); }, timeoutMs);
      waiter = { resolve: (r) => { clearTimeout(timer); resolve(r); }, reject: (e) => { clearTimeout(timer); reject(e); } };
      settle();
    }),
    stop() {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('timeout', onTimeout);
      // keep an error listener: a late RST must not become an unhandled 'error' event
    },
  };
}
