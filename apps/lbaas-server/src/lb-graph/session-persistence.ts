import { type PoolProtocol, UDP_PERSISTENCE_DEFAULTS } from '@lbaas/contracts';
import type { SessionPersistence } from './entities/pool.entity';

/** A pool's session persistence with every field the API and the agents read. */
export interface FullSessionPersistence {
  type: SessionPersistence['type'];
  cookie_name: string | null;
  persistence_timeout: number | null;
  persistence_granularity: string | null;
}

/**
 * What a pool's stored persistence means: on a UDP pool its timeout and granularity, Octavia's defaults
 * (360 s, 255.255.255.255) where none were given; on any other pool neither (null), as Octavia shows them.
 */
export function fullSessionPersistence(
  protocol: PoolProtocol,
  stored: SessionPersistence | null,
): FullSessionPersistence | null {
  if (!stored) return null;
  const udp = protocol === 'UDP';
  return {
    type: stored.type,
    cookie_name: stored.cookie_name ?? null,
    persistence_timeout: udp ? (stored.persistence_timeout ?? UDP_PERSISTENCE_DEFAULTS.timeoutSeconds) : null,
    persistence_granularity: udp
      ? (stored.persistence_granularity ?? UDP_PERSISTENCE_DEFAULTS.granularity)
      : null,
  };
}
