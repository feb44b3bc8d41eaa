// The comparison point for the vault: a bare Node http server that answers every request with
// 304 and nothing else. Started as a child process like the vault; prints its port on stdout.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(304);
  res.end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
