import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AGENT_BINARY, AGENT_TYPE, AgentStateReport } from './agent-state';
import {
  AGENT_TOPIC,
  agentBrokerPermissions,
  agentRoutingKey,
  agentSenderProblem,
  PLUGIN_TOPIC,
} from './topology';

const validReport = {
  host: 'network-1',
  binary: AGENT_BINARY,
  topic: AGENT_TOPIC,
  agent_type: AGENT_TYPE,
  start_flag: true,
  configurations: {
    device_driver: 'haproxy_ns',
    interface_driver: 'ovs',
    instances: 0,
    report_interval: 2,
    periodic_interval: 10,
  },
};

function errorsOf(plain: unknown): string[] {
  return validateSync(plainToInstance(AgentStateReport, plain)).flatMap((e) => [
    e.property,
    ...(e.children ?? []).map((c) => `${e.property}.${c.property}`),
  ]);
}

describe('wire contract', () => {
  it('routes each agent on its own host key, apart from the server topic', () => {
    expect(agentRoutingKey('network-1')).toBe('n-lbaasv2_agent.network-1');
    expect(agentRoutingKey('network-1')).not.toBe(PLUGIN_TOPIC);
  });

  it('accepts a complete state report', () => {
    expect(errorsOf(validReport)).toEqual([]);
  });

  it.each([
    ['host', { host: 'bad host;rm' }, 'host'],
    ['host', { host: '' }, 'host'],
    ['agent_type', { agent_type: 'DHCP agent' }, 'agent_type'],
    [
      'interface driver',
      { configurations: { ...validReport.configurations, interface_driver: 'x' } },
      'configurations.interface_driver',
    ],
    [
      'instances',
      { configurations: { ...validReport.configurations, instances: -1 } },
      'configurations.instances',
    ],
  ])('rejects a bad %s', (_what, change, field) => {
    expect(errorsOf({ ...validReport, ...change })).toContain(field);
  });
});

describe('agent broker identity', () => {
  it('lets a per-agent broker user speak only for its own host', () => {
    expect(agentSenderProblem('lbaas-agent-network-1', { host: 'network-1' }, true)).toBeUndefined();
    expect(agentSenderProblem('lbaas-agent-network-1', { host: 'network-2' }, false)).toBe(
      'broker user lbaas-agent-network-1 speaks only for host network-1, not network-2',
    );
  });

  it('takes a shared user only while per-agent users are not required', () => {
    expect(agentSenderProblem('lbaas', { host: 'network-1' }, false)).toBeUndefined();
    expect(agentSenderProblem(undefined, { host: 'network-1' }, true)).toMatch(
      /must use their own broker user/,
    );
  });

  it('gives an agent its own queue and the server topic, quoting the host', () => {
    expect(agentBrokerPermissions('node.1')).toEqual({
      user: 'lbaas-agent-node.1',
      configure: '^(lbaas|n-lbaasv2_agent_fanout|n-lbaasv2_agent\\.node\\.1)$',
      write: '^(lbaas|n-lbaasv2_agent\\.node\\.1|amq\\.default)$',
      read: '^(lbaas|n-lbaasv2_agent_fanout|n-lbaasv2_agent\\.node\\.1)$',
      topicWrite: '^n-lbaasv2-plugin$',
      topicRead: '^n-lbaasv2_agent\\.node\\.1$',
    });
  });
});
