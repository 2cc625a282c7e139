import type { SchedulerDriver } from '../../platform/config/server.config';

export interface Candidate {
  id: string;
  /** Load balancers it hosts now. */
  load: number;
}

/**
 * Chooses the agent for a new load balancer among alive, enabled candidates: the least loaded one (ties
 * broken at random, so a fleet fills evenly), or any one at random (`chance`, neutron's scheduler).
 */
export function pickAgent(
  candidates: Candidate[],
  driver: SchedulerDriver,
  random: () => number = Math.random,
): string | undefined {
  if (candidates.length === 0) return undefined;
  let pool = candidates;
  if (driver === 'least_loaded') {
    const least = Math.min(...candidates.map((c) => c.load));
    pool = candidates.filter((c) => c.load === least);
  }
  return pool[Math.floor(random() * pool.length) % pool.length].id;
}
