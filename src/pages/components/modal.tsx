import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
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
 */
export function Modal({ open, title, onCancel, testid, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
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

