import { statusTone, worstTone } from '../logic/status';

/** A status as Octavia names it, coloured by what it means. */
export function StatusBadge({ status }: { status: string | undefined }) {
  return (
    <span class={`badge tone-${statusTone(status)}`} data-status={status ?? ''}>
      {status ?? '—'}
    </span>
  );
}

/** An object's two statuses, side by side, with a dot of the worse one's colour. */
export function StatusPair({ provisioning, operating }: { provisioning: string; operating: string }) {
  return (
    <span class="status-pair">
      <span class={`dot tone-${worstTone(provisioning, operating)}`} aria-hidden="true" />
      <StatusBadge status={operating} />
      <StatusBadge status={provisioning} />
    </span>
  );
}
