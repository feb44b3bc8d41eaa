import { useEffect, useState } from 'preact/hooks';
import { parseRoute, routeHash, type Route } from '../lib/routes';

/** The current hash route, updated on `hashchange` (Back/Forward and links). */
export function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  const go = (r: Route) => {
    location.hash = routeHash(r);
  };
  return [route, go];
}
