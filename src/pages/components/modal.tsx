import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';
import { restoreFocus } from '../lib/focus';

interface Props {
  open: boolean;
  title: string;
  onCancel(): void;
  testid: string;
  children: ComponentChildren;
}

/**
 * A modal `<dialog>`: `showModal()` traps focus and honours `autofocus`; Escape cancels;
 * focus returns to whatever opened it. Children render only while open so state resets.
 * The dialog is opened in a layout effect, i.e. in the same task as the render that put its
 * children in the DOM: with a plain effect there was a moment (long on a loaded machine) where
 * the form existed inside a still-closed, undisplayed `<dialog>`; keys typed then went to the
 * element behind it and the passphrase lost its first characters ("Wrong passphrase").
 */
export function Modal({ open, title, onCancel, testid, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
      if (returnTo.current) restoreFocus(returnTo.current);
    }
  }, [open]);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const onEscape = (e: Event) => {
      e.preventDefault();
      onCancel();
    };
    d.addEventListener('cancel', onEscape);
    return () => d.removeEventListener('cancel', onEscape);
  }, [onCancel]);

  return (
    <dialog ref={ref} class="modal" aria-labelledby={titleId} data-testid={testid}>
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

