/** A tiny real HTTP server on loopback for the lookup clients' tests: routes by method + path. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = { status: number; body?: string | Uint8Array; type?: string; headers?: Record<string, string> } | null;
export type Route = (req: Seen) => Answer | Promise<Answer>;

export interface TestServer {
  base: string;
  seen: Seen[];
  close(): Promise<void>;
}

export async function startServer(route: Route): Promise<TestServer> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      void Promise.resolve(route(s)).then((a) => {
        const answer = a ?? { status: 404, body: 'not found' };
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'text/plain', ...(answer.headers ?? {}) });
        res.end(answer.body === undefined ? undefined : Buffer.from(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (bound, then released): connections to it are refused. */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
