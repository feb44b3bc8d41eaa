/** AdapterStatusDeps from the running browser, read when first used (tests run in Node). */
import { ext } from '../../shared/api';
import type { AdapterStatusDeps } from './adapter-status';

export const browserAdapterStatusDeps: AdapterStatusDeps = {
  session: () => ext.storage.session,
  now: () => new Date(),
};
