import { type NeutronRule, neutronRuleBody, ruleChanges, wantedIngressRules } from './security-group-rules';

const rule = (id: string, fields: Partial<NeutronRule>): NeutronRule => ({
  id,
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: 'tcp',
  port_range_min: 80,
  port_range_max: 80,
  remote_ip_prefix: null,
  remote_group_id: null,
  ...fields,
});

describe('security group rules of a VIP port', () => {
  it("opens each listener's port to anyone of the VIP's IP versions without allowed_cidrs", () => {
    expect(
      wantedIngressRules(
        [
          { protocol: 'HTTP', protocolPort: 80, allowedCidrs: [] },
          { protocol: 'UDP', protocolPort: 53, allowedCidrs: [] },
          { protocol: 'SCTP', protocolPort: 9000, allowedCidrs: [] },
        ],
        [4, 6],
      ),
    ).toEqual([
      { ethertype: 'IPv4', protocol: 'sctp', port: 9000, remoteIpPrefix: null },
      { ethertype: 'IPv4', protocol: 'tcp', port: 80, remoteIpPrefix: null },
      { ethertype: 'IPv4', protocol: 'udp', port: 53, remoteIpPrefix: null },
      { ethertype: 'IPv6', protocol: 'sctp', port: 9000, remoteIpPrefix: null },
      { ethertype: 'IPv6', protocol: 'tcp', port: 80, remoteIpPrefix: null },
      { ethertype: 'IPv6', protocol: 'udp', port: 53, remoteIpPrefix: null },
    ]);
  });

  it('opens only to allowed_cidrs of an IP version the VIP has, once per rule', () => {
    expect(
      wantedIngressRules(
        [
          {
            protocol: 'TERMINATED_HTTPS',
            protocolPort: 443,
            allowedCidrs: ['203.0.113.0/24', '2001:db8::/64'],
          },
          { protocol: 'HTTPS', protocolPort: 443, allowedCidrs: ['203.0.113.0/24'] },
        ],
        [4],
      ),
    ).toEqual([{ ethertype: 'IPv4', protocol: 'tcp', port: 443, remoteIpPrefix: '203.0.113.0/24' }]);
  });

  it("lets ACTIVE_STANDBY instances take each other's VRRP adverts, from the group only", () => {
    const wanted = wantedIngressRules([{ protocol: 'TCP', protocolPort: 80, allowedCidrs: [] }], [4], 'sg');
    expect(wanted).toEqual([
      { ethertype: 'IPv4', protocol: 'tcp', port: 80, remoteIpPrefix: null },
      { ethertype: 'IPv4', protocol: 'vrrp', port: null, remoteIpPrefix: null, remoteGroupId: 'sg' },
    ]);
    const vrrp = rule('vrrp', {
      protocol: 'vrrp',
      port_range_min: null,
      port_range_max: null,
      remote_group_id: 'sg',
    });
    expect(ruleChanges(wanted, [rule('http', {}), vrrp])).toEqual({ create: [], remove: [] });
    // Back to SINGLE (or another group's adverts): the rule goes.
    expect(ruleChanges(wanted.slice(0, 1), [rule('http', {}), vrrp])).toEqual({
      create: [],
      remove: ['vrrp'],
    });
    expect(neutronRuleBody('sg', 'project', wanted[1]).security_group_rule).toMatchObject({
      protocol: 'vrrp',
      port_range_min: null,
      remote_group_id: 'sg',
    });
  });

  it('adds what is missing and deletes stale or duplicate ingress rules, never egress ones', () => {
    const wanted = wantedIngressRules([{ protocol: 'TCP', protocolPort: 80, allowedCidrs: [] }], [4]);
    const existing = [
      rule('keep', {}),
      rule('duplicate', {}),
      rule('stale-port', { port_range_min: 8080, port_range_max: 8080 }),
      rule('range', { port_range_min: 1, port_range_max: 65535 }),
      rule('from-group', { remote_group_id: 'group' }),
      rule('egress', { direction: 'egress', protocol: null, port_range_min: null, port_range_max: null }),
    ];
    expect(ruleChanges(wanted, existing)).toEqual({
      create: [],
      remove: ['duplicate', 'stale-port', 'range', 'from-group'],
    });
    expect(ruleChanges(wanted, [])).toEqual({ create: wanted, remove: [] });
  });

  it("writes Neutron's body of a rule", () => {
    expect(
      neutronRuleBody('sg', 'project', {
        ethertype: 'IPv6',
        protocol: 'udp',
        port: 53,
        remoteIpPrefix: '2001:db8::/64',
      }),
    ).toEqual({
      security_group_rule: {
        security_group_id: 'sg',
        project_id: 'project',
        direction: 'ingress',
        ethertype: 'IPv6',
        protocol: 'udp',
        port_range_min: 53,
        port_range_max: 53,
        remote_ip_prefix: '2001:db8::/64',
      },
    });
  });
});
