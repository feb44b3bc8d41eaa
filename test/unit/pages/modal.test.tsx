// @vitest-environment happy-dom
/**
 * The passphrase dialog must be open (displayed, its autofocus input focused) in the same task
 * as the render that inserts its form. It used to open from a plain effect, a task later: keys
 * typed in between went to the element behind it and the passphrase lost its first characters
 * (the "Wrong passphrase" of the Chromium compose flake on loaded CI machines).
 */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { PassphraseDialog, type PassphraseRequest } from '../../../src/pages/components/passphrase-dialog';

const REQUEST: PassphraseRequest = { fingerprint: 'EEF1692F4507BC64D57C3D82829CD1F9889DAA23', label: 'Alice <alice@example.org>', problem: null };

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
});

describe('Modal opening (PassphraseDialog)', () => {
  it('is open as soon as the render that shows the form returns', () => {
    render(<PassphraseDialog request={REQUEST} onDone={() => undefined} />, document.body);
    const dialog = document.querySelector('dialog')!;
    expect(document.querySelector('[data-testid="passphrase-dialog-input"]')).not.toBeNull();
    expect(dialog.open).toBe(true);
  });

  it('opens within the state update that asks for the passphrase, before any timer runs', async () => {
    let ask: (r: PassphraseRequest) => void = () => undefined;
    function Host() {
      const [request, setRequest] = useState<PassphraseRequest | null>(null);
      ask = setRequest;
      return <PassphraseDialog request={request} onDone={() => setRequest(null)} />;
    }
    render(<Host />, document.body);
    const dialog = document.querySelector('dialog')!;
    expect(dialog.open).toBe(false);
    ask(REQUEST);
    // Preact re-renders in a microtask; effects would wait for a later task (rAF / setTimeout).
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(document.querySelector('[data-testid="passphrase-dialog-input"]')).not.toBeNull();
    expect(dialog.open).toBe(true);
  });
});
