import type { ComponentChildren } from 'preact';

/**
 * A labelled form field; `error` is the API's message for the field `name` (its path in the request
 * body), shown right under it.
 */
export function Field({
  label,
  name,
  error,
  children,
}: {
  label: string;
  name: string;
  error?: string;
  children: ComponentChildren;
}) {
  return (
    <label data-field={name}>
      {label}
      {children}
      {error && (
        <small class="field-error" role="alert" data-error-for={name}>
          {error}
        </small>
      )}
    </label>
  );
}

/** Messages of an error that name no field of the form. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div class="form-errors" role="alert">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
