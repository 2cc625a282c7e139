import type { StatusTreeLoadBalancer } from './api-types';

export type TopologyKind = 'agent' | 'loadbalancer' | 'pool' | 'member';

export interface TopologyNode {
  id: string;
  kind: TopologyKind;
  label: string;
  /** The statuses that colour it (an agent: ACTIVE when alive, OFFLINE when not). */
  statuses: string[];
  x: number;
  y: number;
}

export interface TopologyEdge {
  from: string;
  to: string;
}

export interface TopologyInput {
  agents: { id: string; host: string; alive: boolean }[];
  /** Each load balancer's status tree and the agents running it (two for ACTIVE_STANDBY). */
  loadBalancers: { tree: StatusTreeLoadBalancer; agentIds: string[] }[];
}

export interface TopologyPicture {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  width: number;
  height: number;
}

export const COLUMNS: TopologyKind[] = ['agent', 'loadbalancer', 'pool', 'member'];
export const COLUMN_WIDTH = 230;
export const ROW_HEIGHT = 44;
export const MARGIN = 24;
/** Room above the first row for the columns' titles. */
export const HEADER_HEIGHT = 28;

/**
 * Agents → load balancers → pools → members in four columns, each node in the order a walk from the
 * agents meets it, so that children sit near their parents; a load balancer on no agent comes last.
 */
export function layoutTopology(input: TopologyInput): TopologyPicture {
  const nodes = new Map<string, TopologyNode>();
  const edges: TopologyEdge[] = [];
  const rows: Record<TopologyKind, number> = { agent: 0, loadbalancer: 0, pool: 0, member: 0 };

  const place = (kind: TopologyKind, key: string, label: string, statuses: string[]): string => {
    const id = `${kind}:${key}`;
    if (!nodes.has(id)) {
      nodes.set(id, {
        id,
        kind,
        label,
        statuses,
        x: MARGIN + COLUMNS.indexOf(kind) * COLUMN_WIDTH,
        y: MARGIN + HEADER_HEIGHT + rows[kind]++ * ROW_HEIGHT,
      });
    }
    return id;
  };
  const link = (from: string, to: string) => {
    if (!edges.some((edge) => edge.from === from && edge.to === to)) edges.push({ from, to });
  };
  const placeTree = (tree: StatusTreeLoadBalancer): string => {
    const lbId = place('loadbalancer', tree.id, tree.name || tree.id.slice(0, 8), [
      tree.provisioning_status,
      tree.operating_status,
    ]);
    for (const pool of tree.listeners.flatMap((listener) => listener.pools)) {
      const poolId = place('pool', pool.id, pool.name || pool.id.slice(0, 8), [
        pool.provisioning_status,
        pool.operating_status,
      ]);
      link(lbId, poolId);
      for (const member of pool.members) {
        const memberId = place(
          'member',
          member.id,
          member.name || `${member.address}:${member.protocol_port}`,
          [member.provisioning_status, member.operating_status],
        );
        link(poolId, memberId);
      }
    }
    return lbId;
  };

  for (const agent of input.agents) {
    const agentId = place('agent', agent.id, agent.host, [agent.alive ? 'ACTIVE' : 'OFFLINE']);
    for (const lb of input.loadBalancers.filter((candidate) => candidate.agentIds.includes(agent.id))) {
      link(agentId, placeTree(lb.tree));
    }
  }
  for (const lb of input.loadBalancers) placeTree(lb.tree);

  const tallest = Math.max(1, ...Object.values(rows));
  return {
    nodes: [...nodes.values()],
    edges,
    width: MARGIN * 2 + (COLUMNS.length - 1) * COLUMN_WIDTH + COLUMN_WIDTH - 40,
    height: MARGIN * 2 + HEADER_HEIGHT + tallest * ROW_HEIGHT,
  };
}
