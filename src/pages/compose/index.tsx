// Entry: the secure editor frame in #app of public/compose.html.
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { startClaimListener } from '../read/frame-session';
import { FrameGate } from '../read/frame-gate';
import { ComposeRoot } from './compose-root';

startClaimListener(); // before load: the claim is posted after it (PI-03)
localizeDocument('compose_title');
const root = document.getElementById('app');
if (root) render(<FrameGate><ComposeRoot /></FrameGate>, root);
