/**
 * Structured header values with parameters: Content-Type and Content-Disposition
 * (RFC 2045 §5.1, RFC 2183), including RFC 2231 continuations and charsets, and the
 * RFC 2047 encoded words many clients put in quoted parameter values anyway.
 */
import { decodeText } from './charset';
import { decodeEncodedWords } from './encoded-words';

/** Parameters by lower-case name; a null-prototype object so names like `__proto__` are just data. */
export type Params = Record<string, string>;

export interface StructuredValue {
  /** The value before the first ';', trimmed and lower-cased (e.g. `multipart/signed`). */
  value: string;
  params: Params;
}

const MAX_PARAMS = 64;
const MAX_SECTIONS = 256;

interface Section {
  text: string;
  encoded: boolean;
}

/** Splits `value; a=b; c="d e"` into its value and raw parameters (linear scanner). */
function scan(header: string): { value: string; raw: Array<[string, string]> } {
  const semi = header.indexOf(';');
  const value = stripComments(semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  const raw: Array<[string, string]> = [];
  let i = semi < 0 ? header.length : semi + 1;
  // The next '=' is remembered between rounds: searching again from every ';' would make
  // "a/b; x; x; x; …=" quadratic.
  let eq = -2;
  while (i < header.length && raw.length < MAX_PARAMS * 4) {
    while (i < header.length && (header[i] === ';' || header[i] === ' ' || header[i] === '\t')) i++;
    if (eq !== -1 && eq < i) eq = header.indexOf('=', i);
    if (eq < 0) break;
    const nextSemi = header.indexOf(';', i);
    if (nextSemi >= 0 && nextSemi < eq) {
      i = nextSemi + 1;
      continue;
    }
    const name = header.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (header[i] === ' ' || header[i] === '\t') i++;
    let val = '';
    if (header[i] === '"') {
      for (i++; i < header.length && header[i] !== '"'; i++) {
        if (header[i] === '\\' && i + 1 < header.length) i++;
        val += header[i];
      }
      i++;
    } else {
      const end = header.indexOf(';', i);
      val = stripComments(header.slice(i, end < 0 ? header.length : end)).trim();
      i = end < 0 ? header.length : end;
    }
    if (name) raw.push([name, val]);
  }
  return { value, raw };
}

/** Removes RFC 5322 comments `( … )` outside quoted strings (nesting counted, linear). */
function stripComments(s: string): string {
  if (!s.includes('(')) return s;
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

const UTF8 = new TextEncoder();

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/** RFC 2231 §4 `%XX` decoding; other characters as UTF-8, malformed escapes kept. */
function percentBytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const h = c === 0x25 ? hexDigit(text.charCodeAt(i + 1)) : -1;
    const l = h >= 0 ? hexDigit(text.charCodeAt(i + 2)) : -1;
    if (l >= 0) {
      out.push((h << 4) | l);
      i += 2;
    } else if (c < 0x80) {
      out.push(c);
    } else {
      const cp = text.codePointAt(i) as number;
      for (const b of UTF8.encode(String.fromCodePoint(cp))) out.push(b);
      if (cp > 0xffff) i++;
    }
  }
  return out;
}

/** Joins RFC 2231 sections (`name*0*=utf-8''…; name*1*=…`) into one decoded value. */
function joinSections(sections: Map<number, Section>): string {
  const bytes: number[] = [];
  let charset = 'us-ascii';
  for (let n = 0; sections.has(n); n++) {
    const s = sections.get(n) as Section;
    let text = s.text;
    if (n === 0 && s.encoded) {
      // charset'language'value (RFC 2231 §4)
      const q1 = text.indexOf("'");
      const q2 = q1 < 0 ? -1 : text.indexOf("'", q1 + 1);
      if (q2 >= 0) {
        charset = text.slice(0, q1) || 'us-ascii';
        text = text.slice(q2 + 1);
      }
    }
    for (const b of s.encoded ? percentBytes(text) : UTF8.encode(text)) bytes.push(b);
  }
  return decodeText(Uint8Array.from(bytes), charset === 'us-ascii' ? 'utf-8' : charset);
}

/** Parses a structured header value and its parameters (RFC 2045 §5.1, RFC 2231). */
export function parseStructured(header: string): StructuredValue {
  const { value, raw } = scan(header);
  const params: Params = Object.create(null) as Params;
  const extended = new Map<string, Map<number, Section>>();
  for (const [name, val] of raw) {
    const m = /^([^*]+)\*(?:(\d{1,3})(\*)?)?$/.exec(name);
    if (!m) {
      if (!(name in params) && Object.keys(params).length < MAX_PARAMS) params[name] = decodeEncodedWords(val);
      continue;
    }
    const base = m[1] as string;
    const index = m[2] === undefined ? 0 : Number(m[2]);
    // `name*` alone is one encoded section; `name*N` plain, `name*N*` encoded.
    const encoded = m[2] === undefined || m[3] === '*';
    if (index >= MAX_SECTIONS) continue;
    let sections = extended.get(base);
    if (!sections) {
      if (extended.size >= MAX_PARAMS) continue;
      sections = new Map();
      extended.set(base, sections);
    }
    if (!sections.has(index)) sections.set(index, { text: val, encoded });
  }
  // RFC 2231 values win over plain ones: they are what a 2231-aware sender meant.
  for (const [base, sections] of extended) if (sections.has(0)) params[base] = joinSections(sections);
  return { value, params };
}
