import type { SchedulerDriver } from '../../platform/config/server.config';

export interface Candidate {
  id: string;
  /** Load balancers it hosts now. */
  load: number;
}

export interface EligibleAgent {
  id: string;
  alive: boolean;
  admin_state_up: boolean;
  availability_zone: string | null;
  configurations: Record<string, unknown>;
}

/**
 * The agents that may take a load balancer: alive, enabled, serving for real (an agent on the dry-run
 * device_driver noop only when the server allows it: benchmarks) and, when it has a zone, of that zone. A
 * failover prefers any agent but the one it leaves, and falls back to that one when it is all there is.
 */
export function eligibleAgents<A extends EligibleAgent>(
  agents: A[],
  placement: { computeZone?: string; avoidAgentId?: string; allowDryRun?: boolean },
): A[] {
  const eligible = agents.filter(
    (agent) =>
      agent.alive &&
      agent.admin_state_up &&
      (placement.allowDryRun === true || agent.configurations.device_driver !== 'noop') &&
      (placement.computeZone === undefined || agent.availability_zone === placement.computeZone),
  );
  const others = eligible.filter((agent) => agent.id !== placement.avoidAgentId);
  return others.length > 0 ? others : eligible;
}

/**
 * Chooses the agent for a new load balancer among eligible candidates: the least loaded one (ties
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
