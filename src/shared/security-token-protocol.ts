/**
 * The personal security token (SG-06, "security background"): three words and a colour,
 * chosen at random once per installation by the background and shown in every Cachet frame
 * and passphrase dialog. A web page can draw a look-alike of our frame but cannot read the
 * token (our frames are cross-origin to it, and only extension pages may ask for it), so a
 * frame without the user's own words is not ours.
 *
 * Page protocol only: content scripts run in the page's process next to hostile script, so
 * they are never told the token (the router refuses page messages from them).
 */

/** Colours the token may take: distinct under common colour-vision deficiencies when paired with words. */
export const SECURITY_TOKEN_COLOURS = ['#b3261e', '#1b6e20', '#0b57d0', '#8e24aa', '#e37400', '#00796b', '#5d4037', '#c2185b'] as const;
export type SecurityTokenColour = (typeof SECURITY_TOKEN_COLOURS)[number];

export interface SecurityToken {
  /** Three lower-case words from the built-in list (src/background/security-token.ts). */
  words: [string, string, string];
  colour: SecurityTokenColour;
}

export interface SecurityTokenPageProtocol {
  /** The installation's token; generated and stored on the first ask. */
  getSecurityToken: { req: Record<string, never>; res: SecurityToken };
  /** Replaces the token with a new random one (options → Settings). */
  regenerateSecurityToken: { req: Record<string, never>; res: SecurityToken };
}
