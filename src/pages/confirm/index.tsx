// Entry: a sensitive confirmation our frames asked for (public/confirm.html), opened by the background in its own window (PI-03).
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { ConfirmApp } from './confirm-app';

localizeDocument('confirm_window_title');
const root = document.getElementById('app');
if (root) render(<ConfirmApp confirmationId={location.hash.slice(1)} />, root);
