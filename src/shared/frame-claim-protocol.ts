/**
 * How a session reaches the ONE frame document Cachet mounted for it (SECURITY.md PI-03).
 * The frame URL carries no session id; after each load of its iframe the content script posts
 * a single-use claim token `{ cachetClaim: { sessionId, token } }` into that iframe only
 * (targetOrigin = our extension origin) — the first token comes with the answer that opened the
 * session, later ones from issueFrameClaim — and the frame spends it with `claimFrame`. From
 * then on the background answers that frame document only.
 */
import type { MailPageProtocol, SessionId } from './mail-protocol';

export interface FrameClaimContentProtocol {
  /** A claim token for the frame of a session this tab and frame opened (single use, short-lived). */
  issueFrameClaim: { req: { sessionId: SessionId }; res: { token: string } };
}

export interface FrameClaimPageProtocol {
  /** Binds the session to the calling frame document; FORBIDDEN for unknown, expired or spent tokens. */
  claimFrame: {
    req: { sessionId: SessionId; token: string };
    /** `read`: for a read session, what getReadSession would answer (the frame's next question). */
    res: { kind: 'compose' | 'read'; read?: MailPageProtocol['getReadSession']['res'] };
  };
}

/** What the content script posts into its iframe (the frame checks the shape, the background the token). */
export interface FrameClaimMessage {
  cachetClaim: { sessionId: SessionId; token: string };
}

export const CLAIM_TOKEN_PATTERN = /^[0-9a-f]{32}$/;
export const SESSION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
