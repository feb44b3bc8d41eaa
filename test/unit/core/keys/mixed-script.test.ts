import { describe, expect, it } from 'vitest';
import { checkUidScripts } from '../../../../src/core/keys/mixed-script';
import { parseAddress } from '../../../../src/background/mail/addresses';

describe('KM-04: homoglyph user IDs are flagged', () => {
  it('flags Cyrillic or Greek letters posing as Latin in the name or the address', () => {
    for (const uid of ['Alice <\u0430lice@example.org>', '\u0410lice Smith <alice@example.org>', 'Bob <b\u03bfb@example.org>', 'Alice <alice@ex\u0430mple.org>']) {
      expect(checkUidScripts(uid).warn, uid).toBe(true);
    }
    expect(checkUidScripts('Alice <\u0430lice@example.org>').nonLatinAddress).toBe(true);
    expect(checkUidScripts('\u0410lice Smith <alice@example.org>').mixedScript).toBe(true);
  });

  it('flags punycode domains', () => {
    expect(checkUidScripts('Alice <alice@xn--exmple-4nf.org>').idnDomain).toBe(true);
  });

  it('does not flag plain Latin, accented Latin or a wholly non-Latin name', () => {
    for (const uid of ['Alice Smith <alice@example.org>', 'Zoë Émile <zoe@example.fr>', 'Иван Петров <ivan@example.org>', 'alice@example.org']) {
      expect(checkUidScripts(uid).warn, uid).toBe(false);
    }
  });

  it('a homoglyph address is never the Latin one when binding senders and recipients', () => {
    expect(parseAddress('\u0430lice@example.org')).not.toBe(parseAddress('alice@example.org'));
    expect(parseAddress('Alice <alice@ex\u0430mple.org>')).not.toBe('alice@example.org');
  });

  it('a punycode domain says how it reads decoded; a malformed one is still flagged, with no reading', () => {
    expect(checkUidScripts('Carol <carol@xn--80ak6aa92e.com>')).toMatchObject({ idnDomain: true, warn: true, readsAs: 'carol@\u0430\u0440\u0440\u04CF\u0435.com' });
    expect(checkUidScripts('x@xn--99999999999.com')).toMatchObject({ idnDomain: true, warn: true, readsAs: null });
    expect(checkUidScripts('Bob <bob@example.org>').readsAs).toBeNull();
  });
});
