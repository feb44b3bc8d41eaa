// A small closed-loop load generator: `connections` keep-alive connections, each sending its
// next request as soon as the previous answer is fully read, for a fixed duration after a short
// warm-up. No dependencies; loopback only.
import { Agent, request } from 'node:http';
import { percentile } from '../lib/stats.mjs';

function send(agent, url, { method = 'GET', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers: body ? { ...headers, 'content-length': body.length } : headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.once('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * Runs the load once. `next(i)` gives connection i's next request ({path, method, headers, body});
 * `after(i, response)` sees each response (e.g. to track a revision). Only requests started after
 * the warm-up and done before the end are counted. Returns throughput, latency percentiles and status counts.
 */
export async function runLoad({ base, connections, durationMs, warmupMs, next, after = () => undefined }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let firstError;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;

  const worker = async (i) => {
    while (performance.now() < end) {
      const r = next(i);
      const t0 = performance.now();
      try {
        const res = await send(agent, base + r.path, r);
        const t1 = performance.now();
        // Completions inside the window count (not starts): slow requests straddling the warm-up
        // edge would otherwise be undercounted.
        if (t1 >= measureFrom && t1 <= end) {
          latencies.push(t1 - t0);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        }
        after(i, res);
      } catch (e) {
        errors++;
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => worker(i)));
  agent.destroy();
  if (errors > 0 && latencies.length === 0) throw new Error(`every request failed: ${firstError?.message}`);
  return { latencies, statuses, errors, durationMs };
}

/** Merges runs (e.g. interleaved slices) into throughput, latency percentiles and status counts. */
export function summarizeLoad(runs) {
  const latencies = runs.flatMap((r) => r.latencies);
  const seconds = runs.reduce((t, r) => t + r.durationMs, 0) / 1000;
  const statuses = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    statuses,
    errors: runs.reduce((t, r) => t + r.errors, 0),
  };
}
