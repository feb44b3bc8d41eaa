/** The adapters in the order they are tried: first `detect` wins, generic is the fallback. */
import { isSiteAdapter, withFallback } from '../adapter-fallback';
import { genericAdapter } from './generic/adapter';
import { gmailAdapter } from './gmail/adapter';
import { outlookAdapter } from './outlook/adapter';
import { roundcubeAdapter } from './roundcube/adapter';
import type { Adapter } from './types';
import { yahooAdapter } from './yahoo/adapter';

export const ADAPTERS: readonly Adapter[] = [roundcubeAdapter, gmailAdapter, outlookAdapter, yahooAdapter];

export function pickAdapter(doc: Document, adapters: readonly Adapter[] = ADAPTERS): Adapter {
  const found = adapters.find((a) => a.detect(doc));
  if (!found) return genericAdapter;
  // Gmail, Outlook, Yahoo: switch to the generic adapter when the page stops matching (issue 8 §2).
  return isSiteAdapter(found) ? withFallback(found, genericAdapter) : found;
}
