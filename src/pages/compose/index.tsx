// Entry: the secure editor frame in #app of public/compose.html.
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { ComposeApp } from './compose-app';

localizeDocument('compose_title');
const root = document.getElementById('app');
if (root) render(<ComposeApp />, root);
