/** Payload schemas of adapter-status-protocol.ts, spread into schemas.ts. */
import type { AdapterStatusContentProtocol, AdapterStatusPageProtocol } from './adapter-status-protocol';
import { array, int, literal, nullable, object, string, type Schema } from './schema';

const name = string({ max: 32, min: 1, pattern: /^[a-z0-9-]+$/, patternName: 'adapter name' });
const role = string({ max: 32, min: 1, pattern: /^[A-Za-z0-9-]+$/, patternName: 'selector role' });

export const adapterStatusContentSchemas = {
  reportAdapterStatus: object({
    adapter: name,
    state: literal('ok', 'fallback'),
    view: nullable(literal('compose', 'read')),
    missing: array(role, { max: 8 }),
  }),
} satisfies { [K in keyof AdapterStatusContentProtocol]: Schema<AdapterStatusContentProtocol[K]['req']> };

export const adapterStatusPageSchemas = {
  getAdapterStatus: object({ tabId: int(0, 2 ** 31 - 1) }),
} satisfies { [K in keyof AdapterStatusPageProtocol]: Schema<AdapterStatusPageProtocol[K]['req']> };
