/** SecurityTokenDeps from the running browser, read when first used (tests run in Node). */
import { ext } from '../shared/api';
import type { SecurityTokenDeps } from './security-token';

export const browserSecurityTokenDeps: SecurityTokenDeps = {
  local: () => ext.storage.local,
  randomValues: (out) => crypto.getRandomValues(out),
};
