import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryTestDatabase } from '../../test/support/database';
import type { BenchSystem } from '../lib/bench-system';
import { haproxyServerWeights, type ObservedLoadBalancer } from './ledger';

const PENDING = ['PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'];

function run(argv: string[]): string {
  try {
    return execFileSync(argv[0], argv.slice(1), { stdio: 'pipe', timeout: 30_000 }).toString();
  } catch {
    return ''; // nothing found (pgrep), or the namespace has no table
  }
}

interface LoadBalancerRow {
  id: string;
  provisioning_status: string;
  admin_state_up: boolean;
  vip_port_id: string;
  host: string | null;
  udp: boolean;
}

export interface EndState {
  observed: Map<string, ObservedLoadBalancer>;
  /** Objects PENDING_* in the database. */
  stuckPending: string[];
  /** Namespaces, ports, haproxy processes or nftables tables of no (or another) load balancer. */
  leaked: string[];
  /** What an ACTIVE load balancer must have on its agent's node and does not. */
  missing: string[];
}

/**
 * The end state: the database's load balancers and members, each ACTIVE one's haproxy config on the agent
 * that hosts it, and the node's namespaces, ports, haproxy processes and nftables tables held against them.
 */
export async function endState(bench: BenchSystem): Promise<EndState> {
  const db = bench.system.databaseUrl;
  const lbs = await queryTestDatabase<LoadBalancerRow>(
    db,
    `SELECT lb.id, lb.provisioning_status, lb.admin_state_up, lb.vip_port_id, a.host,
            EXISTS (SELECT 1 FROM listeners l WHERE l.loadbalancer_id = lb.id AND l.protocol = 'UDP') AS udp
       FROM load_balancers lb LEFT JOIN agents a ON a.id = lb.agent_id`,
  );
  const members = await queryTestDatabase<{ loadbalancer_id: string; id: string; weight: number }>(
    db,
    'SELECT p.loadbalancer_id, m.id, m.weight FROM members m JOIN pools p ON p.id = m.pool_id',
  );
  const stuck = await queryTestDatabase<{ kind: string; id: string; provisioning_status: string }>(
    db,
    `SELECT 'load balancer' AS kind, id, provisioning_status FROM load_balancers
     UNION ALL SELECT 'listener', id, provisioning_status FROM listeners
     UNION ALL SELECT 'pool', id, provisioning_status FROM pools
     UNION ALL SELECT 'member', id, provisioning_status FROM members
     UNION ALL SELECT 'health monitor', id, provisioning_status FROM health_monitors`,
  );
  const observed = new Map<string, ObservedLoadBalancer>();
  const missing: string[] = [];
  for (const lb of lbs) {
    const weights = new Map(members.filter((m) => m.loadbalancer_id === lb.id).map((m) => [m.id, m.weight]));
    const entry: ObservedLoadBalancer = { provisioningStatus: lb.provisioning_status, members: weights };
    if (lb.provisioning_status === 'ACTIVE' && lb.admin_state_up && lb.host) {
      const config = join(bench.statePath(lb.host), 'lbaas', 'v2', lb.id, 'haproxy.conf');
      try {
        entry.haproxyMembers = haproxyServerWeights(readFileSync(config, 'utf8'));
      } catch {
        missing.push(`haproxy config of ${lb.id} on ${lb.host}`);
      }
    }
    observed.set(lb.id, entry);
  }

  const byId = new Map(lbs.map((lb) => [lb.id, lb]));
  const leaked: string[] = [];
  // Only the namespaces the soak's agents marked as theirs (anything else on the machine is not ours).
  const marks = new Set([...bench.agents.keys()].map((host) => `lbaas-agent:${host}`));
  const namespaces = run(['ip', 'netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith('qlbaas-'))
    .filter((name) => {
      const alias = /^\s+alias (.+)$/m.exec(run(['ip', '-n', name, 'link', 'show', 'lo']))?.[1].trim();
      return alias !== undefined && marks.has(alias);
    });
  for (const namespace of namespaces) {
    const lb = byId.get(namespace.slice('qlbaas-'.length));
    if (!lb) {
      leaked.push(`namespace ${namespace}`);
      continue;
    }
    const hasTable = /table inet lbaas\b/.test(
      run(['ip', 'netns', 'exec', namespace, 'nft', 'list', 'tables']),
    );
    if (hasTable && !lb.udp) leaked.push(`nftables table in ${namespace}`);
  }
  for (const lb of lbs.filter((l) => l.provisioning_status === 'ACTIVE' && l.admin_state_up)) {
    if (!namespaces.includes(`qlbaas-${lb.id}`)) missing.push(`namespace of ${lb.id}`);
  }
  // haproxy processes of the soak's agents, by the load balancer folder on their command line.
  const haproxyLbs = new Set<string>();
  for (const line of run(['pgrep', '-af', `haproxy -f ${bench.stateRoot}`]).split('\n')) {
    const match = /\/lbaas\/v2\/([0-9a-f-]{36})\//.exec(line);
    if (!match) continue;
    haproxyLbs.add(match[1]);
    if (!byId.has(match[1])) leaked.push(`haproxy of ${match[1]} (${line.split(' ')[0]})`);
  }
  for (const lb of lbs.filter((l) => l.provisioning_status === 'ACTIVE' && l.admin_state_up)) {
    if (!haproxyLbs.has(lb.id)) missing.push(`haproxy of ${lb.id}`);
  }
  // br-int ports the soak's agents made, by the port id in their external ids.
  const vipPorts = new Set(lbs.map((lb) => lb.vip_port_id));
  for (const host of bench.agents.keys()) {
    const ports = run([
      ...['ovs-vsctl', '--timeout=10', '--bare', '--columns=name,external_ids', 'find', 'Interface'],
      `external_ids:lbaas-agent=${host}`,
    ]);
    for (const match of ports.matchAll(/iface-id="?([0-9a-f-]{36})"?/g)) {
      if (!vipPorts.has(match[1])) leaked.push(`br-int port of port ${match[1]} (${host})`);
    }
  }
  return {
    observed,
    stuckPending: stuck
      .filter((row) => PENDING.includes(row.provisioning_status))
      .map((row) => `${row.kind} ${row.id} ${row.provisioning_status}`),
    leaked,
    missing,
  };
}
