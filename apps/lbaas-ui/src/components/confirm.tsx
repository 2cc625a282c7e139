import type { ComponentChildren } from 'preact';

/** A modal question before something that cannot be undone (a cascade delete). */
export function Confirm({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
}: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  return (
    <dialog open aria-labelledby="confirm-title">
      <article>
        <h3 id="confirm-title">{title}</h3>
        {children}
        <footer>
          <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" class="danger" onClick={onConfirm} aria-busy={busy} disabled={busy}>
            {confirmLabel}
          </button>
        </footer>
      </article>
    </dialog>
  );
}
