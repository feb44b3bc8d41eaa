// @vitest-environment happy-dom
import { describe } from 'vitest';
import { outlookAdapter } from '../../../src/content/adapters/outlook/adapter';
import { selfCheck } from '../../../src/content/adapters/outlook/self-check';
import { VIEWS } from '../../../src/content/adapters/outlook/views';
import { siteAdapterCases } from './gmail-outlook-yahoo-cases';

describe('Outlook on the web adapter', () => {
  siteAdapterCases({
    adapter: outlookAdapter,
    dir: 'outlook',
    views: VIEWS,
    selfCheck,
    newCompose: { to: ['bob@example.test'], cc: ['carol@example.test'], sender: 'alice.work@example.test' },
    replySender: 'alice@example.test',
  });
});
