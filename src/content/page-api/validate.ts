/**
 * Checks every request that comes over the page port: the page is hostile, so each call's
 * arguments are re-built field by field with caps; anything else is dropped. Pure (unit-tested).
 */
import type { CallName } from '../../page-api/wire';
import { parseKeyringRequest, type KeyringBridgeRequest } from './keyring-validate';

export const BRIDGE_LIMITS = {
  selector: 256,
  addresses: 50,
  address: 320,
  armoredChars: 25 * 1024 * 1024,
  predefinedChars: 1024 * 1024,
  keyChars: 1024 * 1024,
  fingerprint: 64,
  quoteHeader: 1000,
} as const;

export type BridgeRequest =
  | { id: number; call: 'validKeys'; addresses: string[] }
  | { id: number; call: 'hasPrivateKey'; fingerprint: string }
  | { id: number; call: 'exportOwnKey'; address: string }
  | { id: number; call: 'importPublicKey'; armored: string }
  | { id: number; call: 'autocrypt'; from: string }
  | {
      id: number;
      call: 'openEditor';
      selector: string;
      signMsg: boolean;
      predefinedText: string | null;
      quotedMail: string | null;
      quotedMailIndent: boolean;
      quotedMailHeader: string | null;
      keepAttachments: boolean;
    }
  | { id: number; call: 'encrypt'; editorId: string; recipients: string[] }
  | { id: number; call: 'openDisplay'; selector: string; armored: string; senderAddress: string | null }
  | { id: number; call: 'openSettings' }
  | KeyringBridgeRequest;

const str = (v: unknown, max: number, min = 0): string | null => (typeof v === 'string' && v.length <= max && v.length >= min ? v : null);
const nullableStr = (v: unknown, max: number): string | null | undefined => (v === null || v === undefined ? null : (str(v, max) ?? undefined));

function addresses(v: unknown): string[] | null {
  if (!Array.isArray(v) || v.length > BRIDGE_LIMITS.addresses) return null;
  const out: string[] = [];
  for (const a of v) {
    const s = str(a, BRIDGE_LIMITS.address, 1);
    if (s === null) return null;
    out.push(s);
  }
  return out;
}

/** The request, rebuilt from checked fields, or null. */
export function parseRequest(data: unknown): BridgeRequest | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  const id = d.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
  const a = d.args;
  if (typeof a !== 'object' || a === null) return null;
  const args = a as Record<string, unknown>;
  const call = d.call as CallName;
  switch (call) {
    case 'validKeys': {
      const list = addresses(args.addresses);
      return list && { id, call, addresses: list };
    }
    case 'hasPrivateKey': {
      const f = str(args.fingerprint, BRIDGE_LIMITS.fingerprint, 16);
      return f !== null && /^[0-9A-Fa-f]+$/.test(f) ? { id, call, fingerprint: f } : null;
    }
    case 'exportOwnKey': {
      const s = str(args.address, BRIDGE_LIMITS.address, 1);
      return s === null ? null : { id, call, address: s };
    }
    case 'importPublicKey': {
      const s = str(args.armored, BRIDGE_LIMITS.keyChars, 1);
      return s === null ? null : { id, call, armored: s };
    }
    case 'autocrypt': {
      const s = str(args.from, BRIDGE_LIMITS.address, 1);
      return s === null ? null : { id, call, from: s };
    }
    case 'openEditor': {
      const selector = str(args.selector, BRIDGE_LIMITS.selector, 1);
      const predefinedText = nullableStr(args.predefinedText, BRIDGE_LIMITS.predefinedChars);
      const quotedMail = nullableStr(args.quotedMail, BRIDGE_LIMITS.armoredChars);
      const quotedMailHeader = nullableStr(args.quotedMailHeader, BRIDGE_LIMITS.quoteHeader);
      if (selector === null || predefinedText === undefined || quotedMail === undefined || quotedMailHeader === undefined) return null;
      const quote = { quotedMailIndent: args.quotedMailIndent === true, quotedMailHeader, keepAttachments: args.keepAttachments === true };
      return { id, call, selector, signMsg: args.signMsg === true, predefinedText, quotedMail, ...quote };
    }
    case 'encrypt': {
      const editorId = str(args.editorId, 64, 1);
      const recipients = addresses(args.recipients);
      return editorId === null || recipients === null ? null : { id, call, editorId, recipients };
    }
    case 'openDisplay': {
      const selector = str(args.selector, BRIDGE_LIMITS.selector, 1);
      const armored = str(args.armored, BRIDGE_LIMITS.armoredChars, 1);
      const senderAddress = nullableStr(args.senderAddress, BRIDGE_LIMITS.address);
      if (selector === null || armored === null || senderAddress === undefined) return null;
      return { id, call, selector, armored, senderAddress };
    }
    case 'openSettings':
      return { id, call };
    case 'openKeyGen':
    case 'generateKey':
    case 'decideKeyGen':
      return parseKeyringRequest(id, call, args);
    default:
      return null;
  }
}

/** A sliding-window limit on page calls (PI-04): `max` calls per `windowMs`. */
export function createRateLimit(max: number, windowMs: number, now: () => number = Date.now): () => boolean {
  const times: number[] = [];
  return () => {
    const t = now();
    while (times.length > 0 && (times[0] as number) <= t - windowMs) times.shift();
    if (times.length >= max) return false;
    times.push(t);
    return true;
  };
}
