/**
 * The network seam of the lookup clients: a `fetch`-like function injected by the caller
 * (the background passes the browser's `fetch`, tests a local server's), plus a bounded
 * body reader so a hostile server cannot make us buffer without limit (DS-03).
 */
import { CachetError } from '../errors';

/** The subset of `fetch` the lookup clients use. */
export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'follow' | 'error' | 'manual' }) => Promise<ResponseLike>;

/** The subset of `Response` the lookup clients read. */
export interface ResponseLike {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  body?: ReadableStream<Uint8Array> | null;
}

/** Largest key document we accept from any directory (keys.openpgp.org caps uploads at 1 MiB too). */
export const MAX_LOOKUP_BYTES = 1024 * 1024;

/** Reads a response body, failing with TOO_LARGE past `cap` bytes without buffering more. */
export async function readCapped(res: ResponseLike, cap = MAX_LOOKUP_BYTES): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > cap) throw new CachetError('TOO_LARGE', 'key document over the cap');
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    if (all.byteLength > cap) throw new CachetError('TOO_LARGE', 'key document over the cap');
    return all;
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw new CachetError('TOO_LARGE', 'key document over the cap');
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Turns a thrown network error into LOOKUP_UNREACHABLE; CachetErrors pass through. */
export async function send(fetchFn: FetchLike, url: string, init?: Parameters<FetchLike>[1]): Promise<ResponseLike> {
  try {
    return await fetchFn(url, init);
  } catch (e) {
    if (e instanceof CachetError) throw e;
    throw new CachetError('LOOKUP_UNREACHABLE', new URL(url).host);
  }
}
