/**
 * When automatic failover may move load balancers (pure). A broker or server outage makes every agent look
 * dead at once; moving then would turn a control-plane outage into a data-plane one, so failover pauses
 * while too many agents are dead together, and for one agent_down_time after the server started or
 * reconnected to the broker (the agents' heartbeats could not reach it before).
 */
export interface BreakerInput {
  now: Date;
  agentDownTimeSeconds: number;
  /** When the server started, or last (re)connected to the broker. */
  quietSince: Date;
  /** Agents that count: alive ones, and dead ones that host load balancers. */
  consideredAgents: number;
  deadAgents: number;
  thresholdPercent: number;
}

export type BreakerDecision = { move: true } | { move: false; reason: string; massOutage?: true };

export function failoverDecision(input: BreakerInput): BreakerDecision {
  if (input.deadAgents === 0) return { move: false, reason: 'no dead agent hosts a load balancer' };
  const sinceQuiet = (input.now.getTime() - input.quietSince.getTime()) / 1000;
  if (sinceQuiet < input.agentDownTimeSeconds) {
    return { move: false, reason: 'the server only just (re)connected; agents may not have reported yet' };
  }
  const deadPercent = (100 * input.deadAgents) / input.consideredAgents;
  if (deadPercent > input.thresholdPercent) {
    return {
      move: false,
      massOutage: true,
      reason: `${input.deadAgents} of ${input.consideredAgents} agents look dead at once (over ${input.thresholdPercent} %): a control-plane outage, not node failures`,
    };
  }
  return { move: true };
}
