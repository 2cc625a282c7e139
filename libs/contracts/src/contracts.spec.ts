import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AGENT_BINARY, AGENT_TYPE, AgentStateReport } from './agent-state';
import { AGENT_TOPIC, agentRoutingKey, PLUGIN_TOPIC } from './topology';

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
