// Entry: the viewer frame in #app of public/read.html.
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { claimAndDecrypt } from './early-decrypt';
import { startClaimListener } from './frame-session';
import { FrameGate } from './frame-gate';
import { ReadApp } from './read-app';

startClaimListener(window, claimAndDecrypt); // before load: the claim is posted after it (PI-03)
localizeDocument('read_title');
const root = document.getElementById('app');
if (root) render(<FrameGate><ReadApp /></FrameGate>, root);
