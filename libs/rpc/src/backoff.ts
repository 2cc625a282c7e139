/**
 * Delay before reconnect attempt `attempt` (0 = first try): exponential from `baseMs`, capped at `maxMs`,
 * with ±20 % jitter so a fleet of agents does not reconnect in lock-step after a broker restart.
 */
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/** The longest any process waits between two reconnect attempts (cap plus jitter). */
export const LONGEST_RECONNECT_DELAY_MS = MAX_DELAY_MS * 1.2;

export function reconnectDelayMs(
  attempt: number,
  baseMs = BASE_DELAY_MS,
  maxMs = MAX_DELAY_MS,
  random = Math.random,
): number {
  if (attempt <= 0) return 0;
  const exponential = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
