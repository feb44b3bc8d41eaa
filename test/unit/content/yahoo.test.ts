// @vitest-environment happy-dom
import { describe } from 'vitest';
import { yahooAdapter } from '../../../src/content/adapters/yahoo/adapter';
import { selfCheck } from '../../../src/content/adapters/yahoo/self-check';
import { VIEWS } from '../../../src/content/adapters/yahoo/views';
import { siteAdapterCases } from './gmail-outlook-yahoo-cases';

describe('Yahoo Mail adapter', () => {
  siteAdapterCases({
    adapter: yahooAdapter,
    dir: 'yahoo',
    views: VIEWS,
    selfCheck,
    newCompose: { to: ['bob@example.test'], cc: ['carol@example.test'], sender: 'alice.work@example.test' },
    replySender: 'alice@example.test',
  });
});
