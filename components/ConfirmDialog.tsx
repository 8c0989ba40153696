import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
}

/** A modal question (a native <dialog>: focus is trapped, Escape cancels). */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (request && !el.open) el.showModal();
    if (!request && el.open) el.close();
  }, [request]);
  return (
    <dialog ref={dialog} class="tl-dialog" data-testid="confirm-dialog" onClose={onClose} aria-labelledby="tl-dialog-title">
      {request && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            request.onConfirm();
            onClose();
          }}
        >
          <h2 id="tl-dialog-title">{request.title}</h2>
          <p>{request.body}</p>
          <div class="tl-dialog-actions">
            <button type="button" class="tl-button" onClick={onClose}>
              {t('formCancel')}
            </button>
            <button type="submit" class="tl-button tl-button-danger-solid" data-testid="confirm-yes" autofocus>
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
