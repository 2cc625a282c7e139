import { eligibleAgents, pickAgent } from './pick-agent';

describe('pickAgent', () => {
  const candidates = [
    { id: 'a', load: 3 },
    { id: 'b', load: 1 },
    { id: 'c', load: 1 },
    { id: 'd', load: 5 },
  ];

  it('finds nothing without candidates', () => {
    expect(pickAgent([], 'least_loaded')).toBeUndefined();
    expect(pickAgent([], 'chance')).toBeUndefined();
  });

  it('least_loaded picks among the agents with the fewest load balancers', () => {
    expect(pickAgent(candidates, 'least_loaded', () => 0)?.id).toBe('b');
    expect(pickAgent(candidates, 'least_loaded', () => 0.99)?.id).toBe('c');
  });

  it('chance may pick any agent', () => {
    expect(pickAgent(candidates, 'chance', () => 0)?.id).toBe('a');
    expect(pickAgent(candidates, 'chance', () => 0.99)?.id).toBe('d');
  });

  it('spreads load balancers evenly when they are scheduled one after another', () => {
    const loads = [
      { id: 'a', load: 0 },
      { id: 'b', load: 0 },
    ];
    for (let i = 0; i < 10; i++) {
      pickAgent(loads, 'least_loaded')!.load++;
    }
    expect(loads.map((c) => c.load)).toEqual([5, 5]);
  });
});

describe('eligibleAgents', () => {
  const agent = (
    id: string,
    zone: string | null,
    alive = true,
    up = true,
    driver = 'haproxy_ns',
    topologies?: string[],
  ) => ({
    id,
    alive,
    admin_state_up: up,
    availability_zone: zone,
    configurations: { device_driver: driver, ...(topologies ? { topologies } : {}) },
  });
  const fleet = [
    agent('a1', 'zone-a'),
    agent('a2', 'zone-a', false),
    agent('a3', 'zone-a', true, false),
    agent('b1', 'zone-b'),
    agent('old', null),
    agent('dry', null, true, true, 'noop'),
    agent('vrrp', null, true, true, 'haproxy_ns', ['SINGLE', 'ACTIVE_STANDBY']),
  ];
  const ids = (agents: { id: string }[]) => agents.map((a) => a.id);

  it('takes alive, enabled agents of any zone when the load balancer has none', () => {
    expect(ids(eligibleAgents(fleet, {}))).toEqual(['a1', 'b1', 'old', 'vrrp']);
  });

  it('takes a dry-run agent (device_driver noop) only when the server allows it', () => {
    expect(ids(eligibleAgents(fleet, { allowDryRun: true }))).toEqual(['a1', 'b1', 'old', 'dry', 'vrrp']);
  });

  it("keeps a zone's load balancers on that zone's agents", () => {
    expect(ids(eligibleAgents(fleet, { computeZone: 'zone-a' }))).toEqual(['a1']);
    expect(ids(eligibleAgents(fleet, { computeZone: 'zone-c' }))).toEqual([]);
  });

  it('moves a failover off its agent, unless no other agent of its zone is left', () => {
    expect(ids(eligibleAgents(fleet, { avoidAgentId: 'a1' }))).toEqual(['b1', 'old', 'vrrp']);
    expect(ids(eligibleAgents(fleet, { computeZone: 'zone-a', avoidAgentId: 'a1' }))).toEqual(['a1']);
  });

  it('takes for ACTIVE_STANDBY instances only agents that say they run them (keepalived there)', () => {
    expect(ids(eligibleAgents(fleet, { activeStandby: true }))).toEqual(['vrrp']);
  });
});
