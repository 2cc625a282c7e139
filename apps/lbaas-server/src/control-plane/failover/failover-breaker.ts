/**
 * When automatic failover may move load balancers (pure). A broker or server outage makes every agent look
 * dead at once; moving then would turn a control-plane outage into a data-plane one. So failover pauses:
 * - while the server itself is away from the broker, and for `quietSeconds` after it started or
 *   (re)connected: heartbeats could not reach it before, and agents reconnect up to one backoff later;
 * - while more than the threshold of agents look dead together (and for `quietSeconds` after that ends,
 *   see the service);
 * - until an agent has been seen dead for `confirmSeconds`. Agents that lose the broker together stop
 *   reporting up to one report_interval apart, so the first to look dead is not yet alone: waiting lets the
 *   others join it and the mass-outage rule see them together. An agent whose queue has no consumer any
 *   more (its process died: the broker saw its connection close) is confirmed sooner, by its own
 *   `confirmSeconds`; it counts among the dead for the mass-outage rule all the same.
 */
export interface DeadAgent {
  id: string;
  /** When the server first saw this agent dead (in this run of dead sweeps). */
  deadSince: Date;
  /**
   * Its own confirmation time, shorter than a missed heartbeat's: an agent whose queue lost its consumer
   * (its process is gone, its connection closed at once) is confirmed by the next sweep seeing it so too.
   */
  confirmSeconds?: number;
}

export interface BreakerInput {
  now: Date;
  /** agent_down_time plus the agents' longest reconnect delay. */
  quietSeconds: number;
  brokerConnected: boolean;
  /** When the server started, or last (re)connected to the broker. */
  quietSince: Date;
  /** Agents that count: alive ones, and dead ones that host load balancers. */
  consideredAgents: number;
  deadAgents: DeadAgent[];
  confirmSeconds: number;
  thresholdPercent: number;
}

/** Why nothing moves: nothing to do, paused by the breaker, or still confirming a death. */
export type HoldState = 'idle' | 'paused' | 'mass-outage' | 'confirming';

export type BreakerDecision =
  { move: true; agentIds: string[] } | { move: false; state: HoldState; reason: string };

const secondsBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 1000;

export function failoverDecision(input: BreakerInput): BreakerDecision {
  const dead = input.deadAgents;
  if (dead.length === 0) return { move: false, state: 'idle', reason: 'no dead agent hosts a load balancer' };
  if (!input.brokerConnected) {
    return { move: false, state: 'paused', reason: 'the server is not connected to the message broker' };
  }
  if (secondsBetween(input.quietSince, input.now) < input.quietSeconds) {
    return {
      move: false,
      state: 'paused',
      reason: 'the server or the broker only just came back; agents may not have reported yet',
    };
  }
  const deadPercent = (100 * dead.length) / input.consideredAgents;
  if (deadPercent > input.thresholdPercent) {
    return {
      move: false,
      state: 'mass-outage',
      reason: `${dead.length} of ${input.consideredAgents} agents look dead at once (over ${input.thresholdPercent} %): a control-plane outage, not node failures`,
    };
  }
  const confirmed = dead.filter(
    (agent) => secondsBetween(agent.deadSince, input.now) >= (agent.confirmSeconds ?? input.confirmSeconds),
  );
  if (confirmed.length === 0) {
    return {
      move: false,
      state: 'confirming',
      reason: `waiting ${input.confirmSeconds} s to tell a node failure from an outage`,
    };
  }
  return { move: true, agentIds: confirmed.map((agent) => agent.id) };
}
