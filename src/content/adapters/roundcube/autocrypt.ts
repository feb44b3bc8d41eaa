/**
 * Autocrypt for Roundcube read views (issue 5 §1): Roundcube shows no `Autocrypt:` header
 * in its DOM, so the raw source of the open mail (`_action=viewsource`, same origin, the
 * user's own session) is fetched and only its HEADER block read. What goes to the
 * background is the public keydata, the address, prefer-encrypt, From and Date — nothing
 * else of the mail. The background treats all of it as untrusted (autocrypt-store.ts).
 */
import { toBase64 } from '../../../core/keys/armor';
import { autocryptHeaderFor } from '../../../core/lookup/autocrypt';
import type { LookupContentProtocol } from '../../../shared/lookup-protocol';

/** Header blocks bigger than this are not read (a mail's headers are a few KB). */
export const MAX_HEADER_BYTES = 256 * 1024;

type Seen = LookupContentProtocol['autocryptSeen']['req'];

/** Unfolded header fields (RFC 5322 §2.2.3) of a raw message, up to the first empty line. */
export function headerFields(raw: string): Array<{ name: string; value: string }> {
  const end = raw.search(/\r?\n\r?\n/);
  const head = (end < 0 ? raw : raw.slice(0, end)).slice(0, MAX_HEADER_BYTES);
  const out: Array<{ name: string; value: string }> = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1]!.value += ` ${line.trim()}`;
    else {
      const m = /^([!-9;-~]+):\s*(.*)$/.exec(line);
      if (m) out.push({ name: m[1]!.toLowerCase(), value: m[2]! });
    }
  }
  return out;
}

function bareAddress(from: string): string | null {
  const m = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(from);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * The `autocryptSeen` payload for a raw message, or null when it has no usable header
 * (no From, two From — SG-05 —, no single matching Autocrypt header).
 */
export function autocryptFromRawSource(raw: string, now = new Date()): Seen | null {
  const fields = headerFields(raw);
  const froms = fields.filter((f) => f.name === 'from');
  if (froms.length !== 1) return null;
  const from = bareAddress(froms[0]!.value);
  if (!from) return null;
  const header = autocryptHeaderFor(fields.filter((f) => f.name === 'autocrypt').map((f) => f.value), from);
  if (!header) return null;
  const dateField = fields.find((f) => f.name === 'date')?.value;
  const date = dateField ? new Date(dateField) : now;
  return {
    from,
    addr: header.addr.toLowerCase(),
    preferEncrypt: header.preferEncrypt,
    keydata: toBase64(header.keydata),
    date: (Number.isFinite(date.getTime()) ? date : now).toISOString(),
  };
}

/** The same-origin raw-source URL of the mail shown in `doc` (preview or full view), or null. */
export function viewSourceUrl(doc: Document): URL | null {
  const here = new URL(doc.baseURI);
  const uid = here.searchParams.get('_uid');
  if (!uid || !/^[\w.-]{1,64}$/.test(uid)) return null;
  const url = new URL(here.pathname, here.origin);
  url.search = new URLSearchParams({ _task: 'mail', _action: 'viewsource', _uid: uid, _mbox: here.searchParams.get('_mbox') ?? 'INBOX' }).toString();
  return url;
}

/**
 * Reads the open mail's Autocrypt header and hands it to the background through `send`.
 * Errors are swallowed: Autocrypt is a best-effort hint, never in the way of reading.
 */
export async function reportAutocrypt(doc: Document, fetchText: (url: string) => Promise<string>, send: (req: Seen) => Promise<unknown>): Promise<void> {
  const url = viewSourceUrl(doc);
  if (!url) return;
  try {
    const seen = autocryptFromRawSource(await fetchText(url.href));
    if (seen) await send(seen);
  } catch {
    // best effort
  }
}
