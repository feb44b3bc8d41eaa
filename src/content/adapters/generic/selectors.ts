/**
 * The generic adapter's selectors: plain HTML, nothing site-specific. Exercised by
 * test/fixtures/webmail/generic/*.html (hand-written pages: a textarea, a contenteditable,
 * a long page with armor).
 */
export const SELECTORS = {
  /** Editors the user may activate Cachet on — textarea.html. */
  textarea: 'textarea',
  /** Rich editors — contenteditable.html. */
  editable: '[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]',
} as const;
