/** How a status looks: the colour family of a badge or a topology node. */
export type Tone = 'ok' | 'warning' | 'error' | 'pending' | 'neutral';

const TONES: Record<string, Tone> = {
  ACTIVE: 'ok',
  ONLINE: 'ok',
  DEGRADED: 'warning',
  DRAINING: 'warning',
  ERROR: 'error',
  OFFLINE: 'error',
  NO_MONITOR: 'neutral',
  DISABLED: 'neutral',
  DELETED: 'neutral',
};

/** Octavia's provisioning and operating statuses (and an agent's liveness) by colour. */
export function statusTone(status: string | undefined): Tone {
  if (!status) return 'neutral';
  if (status.startsWith('PENDING_')) return 'pending';
  return TONES[status] ?? 'neutral';
}

/** A node of the status tree: what needs a look first is the worse of its two statuses. */
export function worstTone(...statuses: (string | undefined)[]): Tone {
  const order: Tone[] = ['error', 'warning', 'pending', 'ok', 'neutral'];
  const tones = statuses.map(statusTone);
  return order.find((tone) => tones.includes(tone)) ?? 'neutral';
}

/** A load balancer whose change is still being applied: its page refreshes faster. */
export function isPending(status: string | undefined): boolean {
  return statusTone(status) === 'pending';
}
