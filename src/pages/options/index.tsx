// Entry: wires the options page into #app of public/options.html.
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { App } from './app';

localizeDocument('options_title');
const root = document.getElementById('app');
if (root) render(<App />, root);
