/**
 * Delay before reconnect attempt `attempt` (0 = first try): exponential from `baseMs`, capped at `maxMs`,
 * with ±20 % jitter so a fleet of agents does not reconnect in lock-step after a broker restart.
 */
export function reconnectDelayMs(
  attempt: number,
  baseMs = 500,
  maxMs = 10_000,
  random = Math.random,
): number {
  if (attempt <= 0) return 0;
  const exponential = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
