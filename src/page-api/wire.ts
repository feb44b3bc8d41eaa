/**
 * The wire between the page script (page world) and the bridge (content script): one private
 * MessagePort, handed over once by the bridge with `window.postMessage(…, location.origin)`.
 * Requests carry a number id; answers echo it. Shared by both sides, so it imports nothing.
 */
export const CONNECT = 'cachet-page-api-connect';
export const HELLO = 'cachet-page-api-hello';

export type CallName =
  | 'validKeys'
  | 'hasPrivateKey'
  | 'exportOwnKey'
  | 'importPublicKey'
  | 'autocrypt'
  | 'openEditor'
  | 'encrypt'
  | 'openDisplay'
  | 'openSettings'
  | 'openKeyGen'
  | 'generateKey'
  | 'decideKeyGen';

export interface WireRequest {
  id: number;
  call: CallName;
  args: Record<string, unknown>;
}

export type AnswerBody = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
export type WireAnswer = AnswerBody & { id: number };
