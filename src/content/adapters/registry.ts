/** The adapters in the order they are tried: first `detect` wins, generic is the fallback. */
import { genericAdapter } from './generic/adapter';
import { roundcubeAdapter } from './roundcube/adapter';
import type { Adapter } from './types';

export const ADAPTERS: readonly Adapter[] = [roundcubeAdapter];

export function pickAdapter(doc: Document, adapters: readonly Adapter[] = ADAPTERS): Adapter {
  return adapters.find((a) => a.detect(doc)) ?? genericAdapter;
}
