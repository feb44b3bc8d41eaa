/** Options page navigation through the URL hash, so Back works and e2e tests can deep-link. */
export type Route =
  | { view: 'keys' }
  | { view: 'key'; fingerprint: string }
  | { view: 'generate' }
  | { view: 'import' }
  | { view: 'settings' }
  | { view: 'vault' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, arg] = path.split('/');
  switch (head) {
    case 'generate':
    case 'import':
    case 'settings':
    case 'vault':
      return { view: head };
    case 'key':
      return arg && /^[0-9A-Fa-f]{32,64}$/.test(arg) ? { view: 'key', fingerprint: arg.toUpperCase() } : { view: 'keys' };
    default:
      return { view: 'keys' };
  }
}

export function routeHash(route: Route): string {
  return route.view === 'key' ? `#/key/${route.fingerprint}` : `#/${route.view}`;
}
