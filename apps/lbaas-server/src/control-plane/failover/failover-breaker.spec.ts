import { type BreakerInput, failoverDecision } from './failover-breaker';

const now = new Date('2026-11-21T10:01:00Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

const base: BreakerInput = {
  now,
  quietSeconds: 10,
  brokerConnected: true,
  quietSince: secondsAgo(60),
  consideredAgents: 4,
  deadAgents: [{ id: 'a', deadSince: secondsAgo(5) }],
  confirmSeconds: 3,
  thresholdPercent: 50,
};

describe('failoverDecision', () => {
  it('moves the load balancers of a confirmed dead agent', () => {
    expect(failoverDecision(base)).toEqual({ move: true, agentIds: ['a'] });
  });

  it('moves only the agents dead for long enough', () => {
    const decision = failoverDecision({
      ...base,
      deadAgents: [
        { id: 'a', deadSince: secondsAgo(5) },
        { id: 'b', deadSince: secondsAgo(1) },
      ],
    });
    expect(decision).toEqual({ move: true, agentIds: ['a'] });
  });

  it('waits before moving an agent that has only just been seen dead', () => {
    const decision = failoverDecision({ ...base, deadAgents: [{ id: 'a', deadSince: secondsAgo(1) }] });
    expect(decision).toEqual({
      move: false,
      state: 'confirming',
      reason: expect.stringContaining('waiting 3 s') as unknown,
    });
  });

  it('confirms an agent whose process is gone by its own, shorter time; still one of the dead', () => {
    const gone = { id: 'g', deadSince: secondsAgo(1.5), confirmSeconds: 1.5 };
    expect(failoverDecision({ ...base, deadAgents: [gone] })).toEqual({ move: true, agentIds: ['g'] });
    expect(failoverDecision({ ...base, deadAgents: [{ ...gone, deadSince: secondsAgo(1) }] }).move).toBe(
      false,
    );
    // Gone together with others, it is part of a mass outage as any dead agent.
    const together = failoverDecision({
      ...base,
      deadAgents: [gone, { id: 'a', deadSince: secondsAgo(30) }, { id: 'b', deadSince: secondsAgo(30) }],
    });
    expect(together).toMatchObject({ move: false, state: 'mass-outage' });
  });

  it('has nothing to do without a dead agent', () => {
    expect(failoverDecision({ ...base, deadAgents: [] }).move).toBe(false);
  });

  it('allows half of the agents to fail (one of two)', () => {
    expect(failoverDecision({ ...base, consideredAgents: 2 }).move).toBe(true);
  });

  it('pauses when more than the threshold of agents look dead together, confirmed or not', () => {
    const decision = failoverDecision({
      ...base,
      deadAgents: ['a', 'b', 'c'].map((id) => ({ id, deadSince: secondsAgo(30) })),
    });
    expect(decision).toEqual({
      move: false,
      state: 'mass-outage',
      reason: expect.stringContaining('3 of 4 agents look dead') as unknown,
    });
    expect(failoverDecision({ ...base, consideredAgents: 1 }).move).toBe(false);
  });

  it('pauses while the server is away from the broker', () => {
    expect(failoverDecision({ ...base, brokerConnected: false })).toEqual({
      move: false,
      state: 'paused',
      reason: expect.stringContaining('not connected') as unknown,
    });
  });

  it('pauses for one agent_down_time (down time plus reconnect delay) after the server started or reconnected', () => {
    expect(failoverDecision({ ...base, quietSince: secondsAgo(5) }).move).toBe(false);
    expect(failoverDecision({ ...base, quietSince: secondsAgo(10) }).move).toBe(true);
  });
});
