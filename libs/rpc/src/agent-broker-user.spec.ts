import { agentBrokerUserCommands, transportVhost } from './agent-broker-user';

describe('agentBrokerUserCommands', () => {
  it('makes the user and limits it to its queue and the server topic', () => {
    expect(agentBrokerUserCommands('network-1', 'lbaas', 'secret')).toEqual([
      ['add_user', 'lbaas-agent-network-1', 'secret'],
      [
        'set_permissions',
        '-p',
        'lbaas',
        'lbaas-agent-network-1',
        '^(lbaas|n-lbaasv2_agent_fanout|n-lbaasv2_agent\\.network-1)$',
        '^(lbaas|n-lbaasv2_agent\\.network-1|amq\\.default)$',
        '^(lbaas|n-lbaasv2_agent_fanout|n-lbaasv2_agent\\.network-1)$',
      ],
      [
        'set_topic_permissions',
        '-p',
        'lbaas',
        'lbaas-agent-network-1',
        'lbaas',
        '^n-lbaasv2-plugin$',
        '^n-lbaasv2_agent\\.network-1$',
      ],
    ]);
  });

  it('reads the vhost of a transport_url', () => {
    expect(transportVhost('rabbit://u:p@mq1:5672,u:p@mq2:5672/lbaas')).toBe('lbaas');
    expect(transportVhost('rabbit://u:p@mq:5672/%2Fprod')).toBe('/prod');
    expect(transportVhost('rabbit://u:p@mq:5672/')).toBe('/');
    expect(transportVhost('rabbit://u:p@mq:5672')).toBe('/');
  });
});
