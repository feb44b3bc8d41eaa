// Entry: the page-API key-generation container frame (public/page-api-keygen.html#<session id>).
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { KeyGenApp } from './keygen-app';

localizeDocument('pageapi_keygen_title');
const root = document.getElementById('app');
if (root) render(<KeyGenApp sessionId={location.hash.slice(1)} />, root);
