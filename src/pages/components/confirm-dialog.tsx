import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n';
import { Modal } from './modal';

interface Props {
  open: boolean;
  title: string;
  /** data-testid prefix: `<prefix>-dialog`, `<prefix>-ok`, `<prefix>-cancel`. */
  testid: string;
  confirmLabel: string;
  danger?: boolean;
  canConfirm?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ComponentChildren;
}

/** A yes/no confirmation; the safe choice (cancel) gets the initial focus. */
export function ConfirmDialog(p: Props) {
  return (
    <Modal open={p.open} title={p.title} onCancel={p.onCancel} testid={`${p.testid}-dialog`}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (p.canConfirm !== false) p.onConfirm();
        }}
      >
        {p.children}
        <div class="actions">
          <button
            type="submit"
            class={p.danger ? 'danger' : 'primary'}
            disabled={p.canConfirm === false}
            data-testid={`${p.testid}-ok`}
          >
            {p.confirmLabel}
          </button>
          <button type="button" autoFocus onClick={p.onCancel} data-testid={`${p.testid}-cancel`}>
            {t('cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
