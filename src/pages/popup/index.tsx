// Entry: wires the toolbar popup into #app of public/popup.html.
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { Popup } from './popup';

localizeDocument('popup_title');
const root = document.getElementById('app');
if (root) render(<Popup />, root);
