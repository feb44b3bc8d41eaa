/**
 * A loopback HTTP proxy in front of the real vault that misbehaves on demand: slow
 * headers, headers then a stalled body, 500, garbage 200, connection reset, or not
 * listening at all. Counts the requests it sees so tests can check the retries.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Mode =
  | { kind: 'ok' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'stall-body' }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'garbage' }
  | { kind: 'reset' };

export interface MisbehavingVault {
  url: string;
  mode: Mode;
  /** Requests that reached the proxy since the last `reset()`. */
  hits: number;
  resetHits(): void;
  /** Stop listening (connections refused) / listen again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function misbehavingVault(upstream: string): Promise<MisbehavingVault> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state = { mode: { kind: 'ok' } as Mode, hits: 0 };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const target = new URL(req.url ?? '/', upstream);
    // agent: false — a fresh upstream connection each time, so a keep-alive socket the vault
    // already closed never turns a healthy request into a reset.
    const out = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent: false }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = http.createServer((req, res) => {
    state.hits++;
    const m = state.mode;
    switch (m.kind) {
      case 'ok':
        return forward(req, res);
      case 'slow': {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) forward(req, res);
        }, m.delayMs);
        timers.add(t);
        return;
      }
      case 'stall-body':
        // Headers and a first chunk, then nothing: the client must give up on its own.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items": [');
        return;
      case 'status':
        res.writeHead(m.status, { 'content-type': m.body.startsWith('{') ? 'application/json' : 'text/html' });
        res.end(m.body);
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html><body>Welcome to the hotel Wi-Fi</body></html>');
        return;
      case 'reset':
        req.socket.destroy();
        return;
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: Mode) {
      state.mode = m;
    },
    get hits() {
      return state.hits;
    },
    resetHits() {
      state.hits = 0;
    },
    down: stop,
    async up() {
      await listen(port);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
