import { parseNftTable, udpFlowsByDestination, udpListenerStats } from './kernel-state';

const LISTING = JSON.stringify({
  nftables: [
    { metainfo: { version: '1.0.6' } },
    { table: { family: 'inet', name: 'lbaas', handle: 1 } },
    { counter: { family: 'inet', name: 'in_L', table: 'lbaas', handle: 2, packets: 3, bytes: 87 } },
    { counter: { family: 'inet', name: 'out_L', table: 'lbaas', handle: 3, packets: 3, bytes: 93 } },
    { counter: { family: 'inet', name: 'flows_L', table: 'lbaas', handle: 4, packets: 3, bytes: 87 } },
    { map: { family: 'inet', name: 'persist_L_v4_abc', table: 'lbaas', handle: 5 } },
    { 'ct timeout': { family: 'inet', name: 'timeout_L_v4', table: 'lbaas', handle: 6 } },
    { chain: { family: 'inet', table: 'lbaas', name: 'dnat', handle: 7 } },
    { rule: { family: 'inet', table: 'lbaas', chain: 'dnat', handle: 8, expr: [] } },
    { rule: { family: 'inet', table: 'lbaas', chain: 'dnat', handle: 9, expr: [] } },
  ],
});

const CONNTRACK = [
  'udp      17 27 src=203.0.113.2 dst=198.51.100.5 sport=46361 dport=53 src=198.51.100.10 dst=198.51.100.5 sport=5353 dport=46361 mark=0 use=1',
  'udp      17 29 src=203.0.113.2 dst=198.51.100.5 sport=58987 dport=53 [UNREPLIED] src=198.51.100.11 dst=198.51.100.5 sport=5353 dport=58987 mark=0 use=1',
  'udp      17 29 src=203.0.113.2 dst=198.51.100.5 sport=58988 dport=54 src=198.51.100.11 dst=198.51.100.5 sport=5353 dport=58988 mark=0 use=1',
  '',
].join('\n');

describe('kernel state of UDP listeners', () => {
  it('reads objects, chains, rules and counters from nft -j', () => {
    const table = parseNftTable(LISTING);
    expect([...table.objects].sort()).toEqual([
      'counter flows_L',
      'counter in_L',
      'counter out_L',
      'ct timeout timeout_L_v4',
      'map persist_L_v4_abc',
    ]);
    expect(table.chains).toEqual(new Set(['dnat']));
    expect(table.ruleCount).toBe(2);
    expect(table.counters.get('out_L')).toEqual({ packets: 3, bytes: 93 });
  });

  it('refuses what is not nft JSON', () => {
    expect(() => parseNftTable('table inet lbaas {')).toThrow(/JSON/);
    expect(() => parseNftTable('{}')).toThrow(/nftables/);
  });

  it('counts flows by their original destination, and sums a listener over its VIPs', () => {
    const flows = udpFlowsByDestination(CONNTRACK);
    expect(flows).toEqual(
      new Map([
        ['198.51.100.5 53', 2],
        ['198.51.100.5 54', 1],
      ]),
    );
    expect(
      udpListenerStats({ id: 'L', protocol_port: 53 }, ['198.51.100.5'], parseNftTable(LISTING), flows),
    ).toEqual({
      bytes_in: 87,
      bytes_out: 93,
      active_connections: 2,
      total_connections: 3,
      request_errors: 0,
    });
  });
});
