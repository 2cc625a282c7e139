import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadBalancerGraph } from '@lbaas/contracts';
import { fixtureId, listener, loadBalancer, member, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import { parseNftTable } from './kernel-state';
import { type ServingMembers, staleFlows, udpRuleCount, udpRuleset, udpTransaction } from './udp-ruleset';

const GOLDEN_DIR = join(__dirname, '__golden__');
const workDir = mkdtempSync(join(tmpdir(), 'lbaas-nft-render-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const udpListener = (n: number, port: number, change = {}) =>
  listener(n, { protocol: 'UDP', protocol_port: port, ...change });
const udpPool = (n: number, change = {}) =>
  pool(n, {
    protocol: 'UDP',
    members: [member(1, { protocol_port: 5353 }), member(2, { protocol_port: 5353 })],
    ...change,
  });
/** Every member of every pool serving, as a fresh haproxy shows them. */
function allServing(graph: LoadBalancerGraph): ServingMembers {
  return new Map(graph.pools.map((p) => [p.id, new Set(p.members.map((m) => m.id))]));
}

const FEATURES: Record<string, LoadBalancerGraph> = {
  'round-robin-weights-backup': loadBalancer({
    listeners: [udpListener(1, 53)],
    pools: [
      udpPool(1, {
        members: [
          member(1, { protocol_port: 5353, weight: 3 }),
          member(2, { protocol_port: 5353 }),
          member(3, { protocol_port: 5353, backup: true }),
          member(4, { protocol_port: 5353, weight: 0 }),
        ],
      }),
    ],
  }),
  'source-ip-persistence-granularity-cidrs': loadBalancer({
    listeners: [udpListener(1, 514, { allowed_cidrs: ['203.0.113.0/24', '2001:db8::/64'] })],
    pools: [
      udpPool(1, {
        lb_algorithm: 'SOURCE_IP',
        session_persistence: {
          type: 'SOURCE_IP',
          cookie_name: null,
          persistence_timeout: 60,
          persistence_granularity: '255.255.255.0',
        },
      }),
    ],
  }),
  'source-ip-port-http-and-udp-admin-down': loadBalancer({
    listeners: [
      listener(1, { protocol: 'HTTP', protocol_port: 80 }),
      udpListener(2, 53, { default_pool_id: fixtureId('pool', 2), timeout_client_data: 1500 }),
      udpListener(3, 54, { default_pool_id: fixtureId('pool', 2), admin_state_up: false }),
    ],
    pools: [pool(1), udpPool(2, { lb_algorithm: 'SOURCE_IP_PORT' })],
  }),
  'ipv6-and-additional-vip': loadBalancer({
    vip: {
      ...loadBalancer().vip,
      additional_addresses: [
        { address: '2001:db8::5', ip_version: 6, prefix_length: 64, subnet_id: fixtureId('port', 9) },
      ],
    },
    listeners: [udpListener(1, 53)],
    pools: [
      udpPool(1, {
        members: [
          member(1, { protocol_port: 5353 }),
          member(2, { address: '2001:db8::12', protocol_port: 5353 }),
        ],
      }),
    ],
  }),
};

/** Runs nft inside a private network namespace of its own (unshare), so nothing else is ever touched. */
function nftInPrivateNamespace(scripts: string[]): string {
  const files = scripts.map((script, i) => {
    const file = join(workDir, `step-${i}.nft`);
    writeFileSync(file, script);
    return file;
  });
  const steps = files.map((file) => `nft -f ${file}`).join(' && ');
  return execFileSync('unshare', ['-n', 'sh', '-c', `${steps} && nft -j list table inet lbaas`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('udpRuleset', () => {
  it.each(Object.keys(FEATURES))('renders %s as its golden file, and nft loads it', (name) => {
    const graph = FEATURES[name];
    const ruleset = udpRuleset(graph, allServing(graph));
    const script = udpTransaction(ruleset, undefined);
    const golden = join(GOLDEN_DIR, `${name}.nft`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, script);
    expect(script).toBe(readFileSync(golden, 'utf8'));
    const table = parseNftTable(nftInPrivateNamespace([script]));
    expect(table.ruleCount).toBe(udpRuleCount(ruleset!));
  });

  it('renders nothing for a load balancer without UDP listeners, and removes a table left from one', () => {
    const graph = loadBalancer();
    expect(udpRuleset(graph, allServing(graph))).toBeUndefined();
    expect(udpTransaction(undefined, undefined)).toBe('');
    expect(udpTransaction(undefined, new Set(['counter in_x']))).toBe('delete table inet lbaas\n');
  });

  it('sends a datagram nowhere when no member serves, yet counts the flow', () => {
    const graph = FEATURES['round-robin-weights-backup'];
    const ruleset = udpRuleset(graph, new Map())!;
    expect(ruleset.rules.dnat.join('\n')).not.toContain('dnat ip to');
    expect(ruleset.rules.dnat.join('\n')).toContain('counter name "flows_');
  });

  it('sends new flows to backup members only while no other member serves', () => {
    const graph = FEATURES['round-robin-weights-backup'];
    const onlyBackup = new Map([[fixtureId('pool', 1), new Set([fixtureId('member', 3)])]]);
    expect(udpRuleset(graph, onlyBackup)!.rules.dnat.join('\n')).toContain(
      'numgen inc mod 1 map { 0 : 198.51.100.13 . 5353 }',
    );
  });

  it('changes in place: counters and a persistence map whose members stay are kept, a stale map goes', () => {
    const graph = FEATURES['source-ip-persistence-granularity-cidrs'];
    const first = udpRuleset(graph, allServing(graph))!;
    const firstScript = udpTransaction(first, undefined);
    const firstTable = parseNftTable(nftInPrivateNamespace([firstScript]));
    const again = udpTransaction(first, firstTable.objects);
    expect(again).not.toContain('delete');
    const oneLeft = new Map([[fixtureId('pool', 1), new Set([fixtureId('member', 1)])]]);
    const second = udpRuleset(graph, oneLeft)!;
    const secondScript = udpTransaction(second, firstTable.objects);
    const staleMap = [...firstTable.objects].find((key) => key.startsWith('map persist_'))!;
    expect(secondScript).toContain(`delete map inet lbaas ${staleMap.slice('map '.length)}`);
    const table = parseNftTable(nftInPrivateNamespace([firstScript, again, secondScript]));
    expect(table.objects.has(staleMap)).toBe(false);
    expect([...table.objects].filter((key) => key.startsWith('map persist_'))).toHaveLength(1);
    expect(table.ruleCount).toBe(udpRuleCount(second));
    expect(table.counters.has(`in_${fixtureId('listener', 1)}`)).toBe(true);
  });

  it('names the conntrack entries a change leaves pointing the wrong way', () => {
    const graph = FEATURES['round-robin-weights-backup'];
    const both = udpRuleset(graph, allServing(graph));
    const none = udpRuleset(graph, new Map());
    const oneLeft = udpRuleset(graph, new Map([[fixtureId('pool', 1), new Set([fixtureId('member', 1)])]]));
    // First rules, or members again after none: flows the namespace answered itself go.
    expect(staleFlows(undefined, both)).toEqual([
      { family: 4, replySource: '198.51.100.5', destination: { address: '198.51.100.5', port: 53 } },
    ]);
    expect(staleFlows(none, both)).toHaveLength(1);
    // A member that no longer takes flows loses its pinned ones; the one that stays keeps them.
    expect(staleFlows(both, oneLeft)).toEqual([
      { family: 4, replySource: '198.51.100.12', replySourcePort: 5353 },
    ]);
    expect(staleFlows(both, both)).toEqual([]);
  });

  it('refuses what is not an address, a port or a netmask', () => {
    const bad = (change: Partial<LoadBalancerGraph>) => () => {
      const graph = { ...FEATURES['round-robin-weights-backup'], ...change };
      udpRuleset(graph, allServing(graph));
    };
    expect(bad({ listeners: [udpListener(1, 53, { allowed_cidrs: ['0.0.0.0/0; flush ruleset'] })] })).toThrow(
      /not a CIDR|not an IPv4/,
    );
    expect(
      bad({ pools: [udpPool(1, { members: [member(1, { address: '198.51.100.1 . 1, 1' })] })] }),
    ).toThrow(/not an IPv4 address/);
    expect(
      bad({
        pools: [
          udpPool(1, {
            session_persistence: {
              type: 'SOURCE_IP',
              cookie_name: null,
              persistence_granularity: '255.0.255.0',
            },
          }),
        ],
      }),
    ).toThrow(/not a netmask/);
  });
});
