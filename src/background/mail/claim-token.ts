/**
 * The pieces of a frame claim (PI-03) that mail sessions (binding.ts) and page-API
 * key-generation containers (page-api/keygen-claim.ts) share: a single-use bearer token, its
 * lifetime, a comparison without early exit, and the document a sender speaks from.
 */
import type { Runtime } from 'webextension-polyfill';

/** A claim token lives this long: the content script posts it right after the frame loaded. */
export const CLAIM_TTL_MS = 60_000;

export interface PendingClaim {
  token: string;
  expiresAt: number;
}

/** The frame document a session is bound to after its claim. */
export interface BoundFrame {
  tabId: number;
  frameId: number;
  /** Chromium's documentId; null in Firefox (the frameId alone binds there). */
  documentId: string | null;
}

/** 128 random bits, hex. */
export function newToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares without an early exit (the token is a bearer secret). */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A pending claim `token` may be spent now. */
export function claimValid(pending: PendingClaim | null | undefined, token: string, now: number): boolean {
  return !!pending && pending.expiresAt > now && sameToken(pending.token, token);
}

/** Chromium names each document (`documentId`, Chrome 106+); Firefox does not, there the frameId alone binds. */
export function documentIdOf(sender: Runtime.MessageSender): string | null {
  const d = (sender as { documentId?: unknown }).documentId;
  return typeof d === 'string' && d.length > 0 ? d : null;
}

/** The sender is the very frame document `bound` names. */
export function isBoundFrame(sender: Runtime.MessageSender, bound: BoundFrame | null | undefined): boolean {
  if (!bound) return false;
  return sender.tab?.id === bound.tabId && sender.frameId === bound.frameId && (bound.documentId === null || bound.documentId === documentIdOf(sender));
}

/** `sender` is our page `path` (exactly: no query, no fragment) as a subframe (frameId > 0) of tab `tabId`. */
export function isOurSubframe(sender: Runtime.MessageSender, path: string, tabId: number): boolean {
  let url: URL;
  try {
    url = new URL(sender.url ?? '');
  } catch {
    return false;
  }
  const frameId = sender.frameId;
  return url.pathname === path && url.search === '' && url.hash === '' && sender.tab?.id === tabId && typeof frameId === 'number' && frameId > 0;
}
