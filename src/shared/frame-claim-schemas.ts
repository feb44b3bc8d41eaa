/** Payload schemas of frame-claim-protocol.ts, spread into schemas.ts's page and content maps. */
import { CLAIM_TOKEN_PATTERN, SESSION_ID_PATTERN, type FrameClaimContentProtocol, type FrameClaimPageProtocol } from './frame-claim-protocol';
import { object, string, type Schema } from './schema';

const sessionId = string({ max: 36, pattern: SESSION_ID_PATTERN, patternName: 'session id' });
const token = string({ max: 32, min: 32, pattern: CLAIM_TOKEN_PATTERN, patternName: 'claim token' });

export const frameClaimContentSchemas = {
  issueFrameClaim: object({ sessionId }),
} satisfies { [K in keyof FrameClaimContentProtocol]: Schema<FrameClaimContentProtocol[K]['req']> };

export const frameClaimPageSchemas = {
  claimFrame: object({ sessionId, token }),
} satisfies { [K in keyof FrameClaimPageProtocol]: Schema<FrameClaimPageProtocol[K]['req']> };
