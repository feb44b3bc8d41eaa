/**
 * Autocrypt for Roundcube read views (issue 5 §1): Roundcube shows no `Autocrypt:` header
 * in its DOM, so the raw source of the open mail (`_action=viewsource`, same origin, the
 * user's own session) is fetched and only its HEADER block read. What goes to the
 * background is the public keydata, the address, prefer-encrypt, From and Date — nothing
 * else of the mail. The background treats all of it as untrusted (autocrypt-store.ts).
 */
import type { LookupContentProtocol } from '../../../shared/lookup-protocol';
import { binaryString } from './read';

/** Header blocks bigger than this are not read (a mail's headers are a few KB). */
export const MAX_HEADER_BYTES = 256 * 1024;

type Seen = LookupContentProtocol['autocryptSeen']['req'];

/** Unfolded header fields (RFC 5322 §2.2.3) of a raw message, up to the first empty line. */
export function headerFields(raw: string): Array<{ name: string; value: string }> {
  const capped = raw.slice(0, MAX_HEADER_BYTES);
  const end = capped.search(/\r?\n\r?\n/);
  const head = end < 0 ? capped : capped.slice(0, end);
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

/** Same cap as core/lookup/autocrypt.ts MAX_AUTOCRYPT_HEADER. */
const MAX_HEADER_VALUE = 64 * 1024;

type Header = Pick<Seen, 'addr' | 'preferEncrypt' | 'keydata'>;

/**
 * One `Autocrypt:` value (Autocrypt Level 1 §2.1), the same strict rules as
 * core/lookup/autocrypt.ts parseAutocryptHeader — repeated here because that module imports
 * OpenPGP.js, which the content bundle must never carry. keydata stays base64 (whitespace
 * removed, syntax checked): the background decodes and validates the key itself.
 */
function parseHeader(value: string): Header | null {
  if (value.length > MAX_HEADER_VALUE) return null;
  const attrs = new Map<string, string>();
  for (const part of value.split(';')) {
    const t = part.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) return null;
    const name = t.slice(0, eq).trim().toLowerCase();
    if (attrs.has(name)) return null;
    attrs.set(name, t.slice(eq + 1).trim());
  }
  for (const name of attrs.keys()) {
    if (name !== 'addr' && name !== 'prefer-encrypt' && name !== 'keydata' && !name.startsWith('_')) return null; // §2.1 critical attribute
  }
  const addr = attrs.get('addr');
  const keydata = attrs.get('keydata')?.replace(/\s+/g, '');
  if (!addr || !keydata || !/^[^\s@<>]+@[^\s@<>]+$/u.test(addr)) return null;
  if (keydata.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(keydata)) return null;
  return { addr, preferEncrypt: attrs.get('prefer-encrypt') === 'mutual' ? 'mutual' : 'nopreference', keydata };
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
  // §2.3: headers for another address are ignored; more than one valid match means none counts.
  const matching = fields
    .filter((f) => f.name === 'autocrypt')
    .map((f) => parseHeader(f.value))
    .filter((h): h is Header => h !== null && h.addr.toLowerCase() === from);
  if (matching.length !== 1) return null;
  const header = matching[0]!;
  const dateField = fields.find((f) => f.name === 'date')?.value;
  const date = dateField ? new Date(dateField) : now;
  return {
    from,
    addr: header.addr.toLowerCase(),
    preferEncrypt: header.preferEncrypt,
    keydata: header.keydata,
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
 * Same-origin GET of a raw source that reads only up to the end of its header block (or
 * MAX_HEADER_BYTES) and then cancels the download: a mail with large attachments costs a
 * few KB, not megabytes. Bytes become chars one to one (headers are ASCII, RFC 5322 §2.2).
 */
export async function fetchHead(url: string): Promise<string> {
  const res = await fetch(url, { credentials: 'same-origin', redirect: 'error' });
  if (!res.ok || !res.body) throw new Error(`raw source download failed (${res.status})`);
  const reader = res.body.getReader();
  let text = '';
  try {
    while (text.length < MAX_HEADER_BYTES && !/\r?\n\r?\n/.test(text)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += binaryString(value);
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text;
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
