/**
 * Gives focus back to a control once it can take it (keyboard users must not be dropped
 * on <body> after a dialog or a busy action). A disabled control is watched until it is
 * enabled again (attribute change, no polling). Never steals focus the user moved elsewhere.
 */
export function restoreFocus(el: HTMLElement): void {
  const control = el as HTMLElement & { disabled?: boolean };
  const focusIfIdle = () => {
    const active = document.activeElement;
    if (el.isConnected && (active === null || active === document.body)) el.focus();
  };
  if (!control.disabled) {
    focusIfIdle();
    return;
  }
  const observer = new MutationObserver(() => {
    if (control.disabled) return;
    observer.disconnect();
    focusIfIdle();
  });
  observer.observe(el, { attributes: true, attributeFilter: ['disabled'] });
}
