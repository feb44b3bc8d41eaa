import { describe, expect, it, vi } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import fr from '../../../public/_locales/fr/messages.json';

/** A fresh copy of the module: the dictionary is module state. */
async function freshView() {
  vi.resetModules();
  return import('../../../src/pages/lib/strength-view');
}

describe('strength view with dictionaries (VS-01)', () => {
  it('accepts nothing until the dictionaries are loaded, then judges with them', async () => {
    const v = await freshView();
    expect(v.strengthView('Summer2024!').ready).toBe(false);
    expect(v.strengthView('correct horse battery staple 42').acceptable).toBe(false);
    await v.loadStrengthDictionary();
    expect(v.strengthDictionaryReady()).toBe(true);
    expect(v.strengthView('correct horse battery staple 42').acceptable).toBe(true);
    for (const p of ['Summer2024!', 'Password123!', 'iloveyou2023', 'P@ssw0rd2024', 'qwertyuiop[]']) {
      const s = v.strengthView(p);
      expect(s.acceptable, p).toBe(false);
      expect(v.newPassphraseProblem(p, p), p).toBe('passphrase_too_weak');
      expect(s.tipKeys.length, p).toBeGreaterThan(0);
    }
  });

  it("shows zxcvbn's feedback with our own translated keys", async () => {
    const v = await freshView();
    await v.loadStrengthDictionary();
    expect(v.strengthView('Password123!').warningKey).toBe('strength_warn_common');
    expect(v.strengthView('zxcvbnm,./;').warningKey).toBe('strength_warn_keyboard');
    expect(v.strengthView('P@ssw0rd2024').tipKeys).toContain('strength_tip_predictable');
    expect(v.strengthView('hQz7vK#pXr2mWq').tipKeys).toEqual([]);
    const keys = ['strength_checking', 'strength_warn_common', 'strength_warn_keyboard', 'strength_warn_repeat', 'strength_warn_sequence', 'strength_warn_dates', 'strength_warn_words', 'strength_warn_personal', 'strength_tip_predictable', 'strength_tip_case', 'strength_tip_years', 'strength_tip_repeats', 'strength_tip_keyboard', 'strength_tip_words', 'strength_tip_longer'];
    for (const k of keys) {
      expect(en, k).toHaveProperty(k);
      expect(fr, k).toHaveProperty(k);
    }
  });
});
