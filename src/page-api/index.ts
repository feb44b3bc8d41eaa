/**
 * Runs in the web page's own world (registered with `world: 'MAIN'` on sites where the user
 * turned the page API on): defines `window.mailvelope`, the Mailvelope client API surface that
 * Roundcube 1.6 uses (program/js/app.js `mailvelope_*`), and fires the `mailvelope` event.
 *
 * It holds no secret and can do nothing the page could not do itself: every call goes over a
 * private MessagePort to Cachet's content script, which validates it and asks the background;
 * answers are ciphertext, handles and public key metadata. Typing, signing and decrypting
 * happen in Cachet's frames, which the containers are.
 */
import { createClient } from './client';
import { createMailvelope } from './mailvelope';

declare global {
  interface Window {
    mailvelope?: unknown;
  }
}

(() => {
  if (window.mailvelope !== undefined) return; // the real Mailvelope, or we ran already
  const client = createClient(window);
  const api = createMailvelope(client);
  Object.defineProperty(window, 'mailvelope', { value: api, enumerable: true, configurable: false, writable: false });
  window.dispatchEvent(new CustomEvent('mailvelope', { detail: api }));
})();
