import type { AgentEntity } from './agent.entity';
import { isAgentAlive, neutronTimestamp, toAgentView } from './agent-view';

describe('agent liveness', () => {
  const now = new Date('2026-11-21T10:00:10.000Z');

  it.each([
    ['reported just now', '2026-11-21T10:00:10.000Z', true],
    ['reported 9.9 s ago', '2026-11-21T10:00:00.100Z', true],
    ['reported exactly agent_down_time ago', '2026-11-21T10:00:00.000Z', false],
    ['reported a minute ago', '2026-11-21T09:59:10.000Z', false],
  ])('an agent that %s is alive: %s', (_what, heartbeat, alive) => {
    expect(isAgentAlive(new Date(heartbeat), now, 10)).toBe(alive);
  });

  it('prints timestamps the way neutron does', () => {
    expect(neutronTimestamp(new Date('2026-11-21T10:00:10.123Z'))).toBe('2026-11-21 10:00:10');
  });

  it('shapes the record as neutron agent resources are shaped', () => {
    const agent: AgentEntity = {
      id: '5f3bd1b4-2f44-4f36-9a43-4ff3d3bbd9c1',
      agentType: 'Loadbalancerv2 agent',
      binary: 'lbaas-agent',
      topic: 'n-lbaasv2_agent',
      host: 'network-1',
      adminStateUp: true,
      description: null,
      availabilityZone: 'zone-a',
      configurations: { interface_driver: 'ovs' },
      createdAt: new Date('2026-11-21T09:00:00Z'),
      startedAt: new Date('2026-11-21T09:30:00Z'),
      heartbeatTimestamp: new Date('2026-11-21T10:00:05Z'),
    };
    expect(toAgentView(agent, now, 10)).toEqual({
      id: agent.id,
      agent_type: 'Loadbalancerv2 agent',
      binary: 'lbaas-agent',
      host: 'network-1',
      topic: 'n-lbaasv2_agent',
      alive: true,
      admin_state_up: true,
      description: null,
      availability_zone: 'zone-a',
      heartbeat_timestamp: '2026-11-21 10:00:05',
      started_at: '2026-11-21 09:30:00',
      created_at: '2026-11-21 09:00:00',
      configurations: { interface_driver: 'ovs' },
    });
  });
});
