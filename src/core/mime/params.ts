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
  while (i < header.length && raw.length < MAX_PARAMS * 4) {
    while (i < header.length && (header[i] === ';' || header[i] === ' ' || header[i] === '\t')) i++;
    const eq = header.indexOf('=', i);
    const nextSemi = header.indexOf(';', i);
    if (eq < 0 || (nextSemi >= 0 && nextSemi < eq)) {
      i = nextSemi < 0 ? header.length : nextSemi + 1;
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

function percentBytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of new TextEncoder().encode(text[i] as string)) out.push(b);
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
    for (const b of s.encoded ? percentBytes(text) : new TextEncoder().encode(text)) bytes.push(b);
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
