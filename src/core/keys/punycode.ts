/**
 * KM-04: how a punycode (`xn--`) domain reads once a mail client or browser shows it in
 * Unicode, so the look-alike warning can say "reads as аррӏе.com". RFC 3492 decoding (the
 * Bootstring parameters of §5) of one label at a time; anything malformed gives null, never
 * a guess. Display only: addresses are still compared exactly as written.
 */
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
/** Longer labels are not DNS labels (63 octets); refusing them also bounds the work. */
const MAX_LABEL = 63;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 22; // 0-9 → 26-35
  if (code >= 0x41 && code <= 0x5a) return code - 0x41; // A-Z
  if (code >= 0x61 && code <= 0x7a) return code - 0x61; // a-z
  return BASE;
}

/** The Unicode form of one punycode label without its `xn--` prefix, or null if it is malformed. */
export function decodePunycodeLabel(input: string): string | null {
  if (input.length === 0 || input.length > MAX_LABEL || !/^[\x20-\x7e]*$/.test(input)) return null;
  const out: number[] = [];
  const b = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(b, 0); j++) out.push(input.charCodeAt(j));
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  for (let at = b > 0 ? b + 1 : 0; at < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (at >= input.length) return null;
      const d = digit(input.charCodeAt(at++));
      if (d >= BASE || d > Math.floor((0x7fffffff - i) / w)) return null;
      i += d * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      if (w > Math.floor(0x7fffffff / (BASE - t))) return null;
      w *= BASE - t;
    }
    const points = out.length + 1;
    bias = adapt(i - oldi, points, oldi === 0);
    if (Math.floor(i / points) > 0x10ffff - n) return null;
    n += Math.floor(i / points);
    i %= points;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

/** `domain` with every `xn--` label decoded; null when there is none or one is malformed. */
export function punycodeDomainToUnicode(domain: string): string | null {
  const labels = domain.split('.');
  if (!labels.some((l) => /^xn--/i.test(l))) return null;
  const decoded: string[] = [];
  for (const label of labels) {
    if (!/^xn--/i.test(label)) {
      decoded.push(label);
      continue;
    }
    const u = decodePunycodeLabel(label.slice(4));
    if (u === null) return null;
    decoded.push(u);
  }
  return decoded.join('.');
}
