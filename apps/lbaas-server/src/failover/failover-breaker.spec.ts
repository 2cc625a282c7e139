import { failoverDecision } from './failover-breaker';

const base = {
  now: new Date('2026-11-21T10:01:00Z'),
  agentDownTimeSeconds: 10,
  quietSince: new Date('2026-11-21T10:00:00Z'),
  consideredAgents: 4,
  deadAgents: 1,
  thresholdPercent: 50,
};

describe('failoverDecision', () => {
  it('moves the load balancers of a single dead agent among live ones', () => {
    expect(failoverDecision(base)).toEqual({ move: true });
    expect(failoverDecision({ ...base, deadAgents: 2 })).toEqual({ move: true });
  });

  it('has nothing to do without a dead agent', () => {
    expect(failoverDecision({ ...base, deadAgents: 0 }).move).toBe(false);
  });

  it('pauses when more than the threshold of agents look dead together', () => {
    const decision = failoverDecision({ ...base, deadAgents: 3 });
    expect(decision).toEqual({
      move: false,
      massOutage: true,
      reason: expect.stringContaining('3 of 4 agents look dead') as unknown,
    });
    expect(failoverDecision({ ...base, consideredAgents: 1, deadAgents: 1 }).move).toBe(false);
  });

  it('pauses for one agent_down_time after the server started or reconnected', () => {
    expect(failoverDecision({ ...base, quietSince: new Date('2026-11-21T10:00:55Z') }).move).toBe(false);
  });
});
