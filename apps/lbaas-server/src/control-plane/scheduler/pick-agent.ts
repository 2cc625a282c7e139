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
 * device_driver noop only when the server allows it: benchmarks), able to run ACTIVE_STANDBY instances
 * when asked, and, when it has a zone, of that zone. A
 * failover prefers any agent but the one it leaves, and falls back to that one when it is all there is.
 */
export function eligibleAgents<A extends EligibleAgent>(
  agents: A[],
  placement: { computeZone?: string; avoidAgentId?: string; allowDryRun?: boolean; activeStandby?: boolean },
): A[] {
  const eligible = agents.filter(
    (agent) =>
      agent.alive &&
      agent.admin_state_up &&
      (placement.allowDryRun === true || agent.configurations.device_driver !== 'noop') &&
      (!placement.activeStandby || runsActiveStandby(agent)) &&
      (placement.computeZone === undefined || agent.availability_zone === placement.computeZone),
  );
  const others = eligible.filter((agent) => agent.id !== placement.avoidAgentId);
  return others.length > 0 ? others : eligible;
}

/** The agent says (contract 1.12) that it can run ACTIVE_STANDBY instances (keepalived is there). */
function runsActiveStandby(agent: EligibleAgent): boolean {
  const topologies = agent.configurations.topologies;
  return Array.isArray(topologies) && topologies.includes('ACTIVE_STANDBY');
}

/**
 * Chooses the agent for a new load balancer among eligible candidates: the least loaded one (ties
 * broken at random, so a fleet fills evenly), or any one at random (`chance`, neutron's scheduler).
 */
export function pickAgent<C extends Candidate>(
  candidates: C[],
  driver: SchedulerDriver,
  random: () => number = Math.random,
): C | undefined {
  if (candidates.length === 0) return undefined;
  let pool = candidates;
  if (driver === 'least_loaded') {
    const least = Math.min(...candidates.map((c) => c.load));
    pool = candidates.filter((c) => c.load === least);
  }
  return pool[Math.floor(random() * pool.length) % pool.length];
}
