// Entry: the page-API key import confirmation (public/page-api-import.html), opened by the background in its own window.
import { render } from 'preact';
import { localizeDocument } from '../lib/i18n';
import { ImportApp } from './import-app';

localizeDocument('pageapi_import_title');
const root = document.getElementById('app');
if (root) render(<ImportApp importId={location.hash.slice(1)} />, root);
