import { punycodeDomainToUnicode } from './punycode';

/**
 * KM-04 homoglyphs: user IDs whose letters mix scripts (Cyrillic "а" U+0430 in an
 * otherwise Latin "аlice@example.org") or whose domain is an IDN (`xn--`), so the UI can
 * warn wherever a UID is shown. Pure, no Unicode tables beyond the regex script properties.
 * Addresses are never folded to a skeleton for comparison: `аlice@…` stays a different
 * address from `alice@…` (background/mail/addresses.ts compares exact lower-cased strings).
 */

export interface UidScriptCheck {
  /** A word (or address part) mixes letters of Latin, Cyrillic, Greek or another script. */
  mixedScript: boolean;
  /** An address whose letters are not all Latin (every non-ASCII e-mail is suspicious here). */
  nonLatinAddress: boolean;
  /** The domain has punycode (`xn--`) labels: shown as sent, flagged. */
  idnDomain: boolean;
  /** For a punycode domain, the address as a browser or mail client shows it (decoded), else null. */
  readsAs: string | null;
  /** Any of the above: show the warning. */
  warn: boolean;
}

const SCRIPTS: Array<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Other', /[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u],
];

function scriptsOf(word: string): Set<string> {
  const found = new Set<string>();
  for (const ch of word) {
    if (!/\p{L}/u.test(ch)) continue;
    const s = SCRIPTS.find(([, re]) => re.test(ch));
    found.add(s ? s[0] : 'Other');
  }
  return found;
}

/** Checks one user ID (`Name <addr>` or any text) for mixed scripts and IDN domains. */
export function checkUidScripts(uid: string): UidScriptCheck {
  const words = uid.split(/[\s<>()"@.,;:_+-]+/).filter(Boolean);
  const mixedScript = words.some((w) => scriptsOf(w).size > 1);
  const address = /<([^<>]*)>\s*$/.exec(uid)?.[1] ?? (uid.includes('@') ? uid.trim() : '');
  const addressScripts = scriptsOf(address);
  const nonLatinAddress = address !== '' && [...addressScripts].some((s) => s !== 'Latin');
  const domain = address.split('@')[1] ?? '';
  const idnDomain = domain.split('.').some((label) => /^xn--/i.test(label));
  const unicodeDomain = idnDomain ? punycodeDomainToUnicode(domain) : null;
  const readsAs = unicodeDomain === null ? null : `${address.split('@')[0]}@${unicodeDomain}`;
  return { mixedScript, nonLatinAddress, idnDomain, readsAs, warn: mixedScript || nonLatinAddress || idnDomain };
}
