import { useEffect } from 'preact/hooks';
import { t } from '@/lib/i18n';

export interface ToastMessage {
  id: number;
  text: string;
  /** Offered for a few seconds after a destructive action. */
  undo?: () => void;
}

/** A short notice at the bottom of the page, with Undo when the action can be taken back. */
export function Toast({ toast, onDismiss }: { toast: ToastMessage | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onDismiss, toast.undo ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast?.id]);
  if (!toast) return null;
  return (
    <div class="tl-toast" role="status" data-testid="toast">
      <span>{toast.text}</span>
      {toast.undo && (
        <button
          type="button"
          class="tl-link-button tl-toast-undo"
          data-testid="toast-undo"
          onClick={() => {
            toast.undo!();
            onDismiss();
          }}
        >
          {t('toastUndo')}
        </button>
      )}
      <button type="button" class="tl-icon-button" aria-label={t('formClose')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
