// Entry: the page-API key-generation container frame (public/page-api-keygen.html). Its URL
// carries no session id (PI-03): the bridge posts a claim after each load, spent here.
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { call } from '../lib/rpc';
import { FrameGate } from '../read/frame-gate';
import { claimedSessionId, startClaimListener } from '../read/frame-session';
import { KeyGenApp } from './keygen-app';

startClaimListener(window, (c) => call('claimPageApiKeyGen', c)); // before load: the claim comes after it
localizeDocument('pageapi_keygen_title');

/** Rendered by the gate only once the claim succeeded. */
function KeyGenRoot() {
  const sessionId = claimedSessionId();
  return sessionId ? <KeyGenApp sessionId={sessionId} /> : null;
}

const root = document.getElementById('app');
if (root) render(<FrameGate><KeyGenRoot /></FrameGate>, root);
